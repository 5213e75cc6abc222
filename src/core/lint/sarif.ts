// SARIF 2.1.0 output of lint results (for GitHub code scanning and other SARIF viewers).

import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import { RULES } from './codes';
import type { FileFindings, Finding, LintRange, LintSeverity } from './types';

/** SARIF's level for a finding severity. */
export function sarifLevel(s: LintSeverity): 'error' | 'warning' | 'note' {
  return s === 'info' ? 'note' : s;
}

function region(r: LintRange): Sarif.Region {
  return { startLine: r.start.line + 1, startColumn: r.start.character + 1, endLine: r.end.line + 1, endColumn: r.end.character + 1 };
}

function encodePath(p: string): string {
  return p.split('/').map(encodeURIComponent).join('/');
}

/** A SARIF 2.1.0 log of the results; relative file paths are resolved against `baseDir` (SRCROOT). */
export function toSarif(results: readonly FileFindings[], opts: { baseDir: string; toolVersion: string; specFile?: string }): Sarif.Log {
  const ruleIndex = new Map(RULES.map((r, i) => [r.code, i]));
  const base = pathToFileURL(opts.baseDir.endsWith('/') ? opts.baseDir : `${opts.baseDir}/`).href;
  const artifact = (p: string): Sarif.ArtifactLocation => (p.startsWith('/') ? { uri: pathToFileURL(p).href } : { uri: encodePath(p), uriBaseId: 'SRCROOT' });
  const sarifResults: Sarif.Result[] = [];
  const notifications: Sarif.Notification[] = [];
  for (const file of results) {
    if (file.skipped) {
      notifications.push({
        level: 'note',
        message: { text: file.skipped.message },
        locations: [{ physicalLocation: { artifactLocation: artifact(file.path) } }],
      });
      continue;
    }
    for (const f of file.findings) sarifResults.push(result(f, file.path, artifact, ruleIndex));
  }
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'tensor-parity',
            informationUri: 'https://example.invalid/tensor-parity',
            version: opts.toolVersion,
            rules: RULES.map((r) => ({
              id: r.code,
              name: r.id,
              shortDescription: { text: r.title },
              fullDescription: { text: r.help },
              help: { text: r.help },
              defaultConfiguration: { level: sarifLevel(r.severity) },
            })),
          },
        },
        originalUriBaseIds: { SRCROOT: { uri: base } },
        columnKind: 'utf16CodeUnits',
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: notifications,
            ...(opts.specFile ? { properties: { spec: opts.specFile } } : {}),
          },
        ],
        results: sarifResults,
      },
    ],
  };
}

function result(f: Finding, file: string, artifact: (p: string) => Sarif.ArtifactLocation, ruleIndex: Map<string, number>): Sarif.Result {
  const out: Sarif.Result = {
    ruleId: f.code,
    ruleIndex: ruleIndex.get(f.code) ?? -1,
    level: sarifLevel(f.severity),
    message: { text: f.message },
    locations: [{ physicalLocation: { artifactLocation: artifact(file), region: region(f.range) } }],
  };
  if (f.specPath) out.properties = { specPath: f.specPath, rule: f.rule };
  else out.properties = { rule: f.rule };
  if (f.fix) {
    out.fixes = [
      {
        description: { text: f.fix.title },
        artifactChanges: [
          {
            artifactLocation: artifact(file),
            replacements: f.fix.edits.map((e) => ({ deletedRegion: region(e.range), insertedContent: { text: e.newText } })),
          },
        ],
      },
    ];
  }
  return out;
}
