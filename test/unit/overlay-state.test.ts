// What the result panel saves with vscode.setState and reads back after a reload: small settings and the file list,
// tolerant of the first panel version's state and of garbage.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { defaultSettings, readPanelState, readSettings, serializePanelState } from '../../webview/src/result-state';

test('the saved state round-trips through JSON, including hidden classes, colours, compare and zoom', () => {
  const settings = {
    ...defaultSettings(),
    opacity: 35,
    hidden: new Set([2, 0]),
    colors: { person: '#00ff00' },
    heatmap: 1,
    compare: true,
    compareMode: 'side' as const,
    swipe: 30,
    showDiff: false,
    zoom: { zoom: 4, cx: 100.5, cy: 80, width: 512, height: 512 },
  };
  const state = {
    version: 1 as const,
    title: 'Tensor Parity: astronaut.png',
    files: [{ name: 'astronaut.png', path: '/w/images/astronaut.png' }],
    selected: 0,
    settings,
  };
  const json = JSON.parse(JSON.stringify(serializePanelState(state)));
  assert.deepEqual(json.settings.hidden, [0, 2]);
  const back = readPanelState(json);
  assert.deepEqual(back, { ...state, settings: { ...settings, hidden: new Set([0, 2]) } });
});

test("the first panel version's flat state still restores its opacity, hidden classes and selection", () => {
  const s = readPanelState({ opacity: 80, hidden: [1], selected: 3 });
  assert.equal(s?.settings.opacity, 80);
  assert.deepEqual([...(s?.settings.hidden ?? [])], [1]);
  assert.equal(s?.selected, 3);
  assert.deepEqual(s?.files, []);
});

test('malformed values fall back to defaults one by one', () => {
  const s = readSettings({
    opacity: 400,
    hidden: [1, 'x', -1, 1.5, 300],
    colors: { person: 'red', cat: '#AABBCC', dog: 5 },
    heatmap: -1,
    compare: 'yes',
    compareMode: 'diagonal',
    swipe: Number.NaN,
    showDiff: 0,
    zoom: { zoom: 0, cx: 1, cy: 1, width: 1, height: 1 },
  });
  assert.deepEqual(
    { ...s, hidden: [...s.hidden] },
    {
      opacity: 60,
      hidden: [1],
      colors: { cat: '#aabbcc' },
      heatmap: undefined,
      compare: false,
      compareMode: 'swipe',
      swipe: 50,
      showDiff: true,
      zoom: undefined,
    },
  );
  assert.equal(readPanelState(null), undefined);
  assert.equal(readPanelState('state'), undefined);
  assert.deepEqual(readPanelState({ files: [{ name: 'a' }, { name: 'b.png', path: '/b.png' }, 7] })?.files, [{ name: 'b.png', path: '/b.png' }]);
});
