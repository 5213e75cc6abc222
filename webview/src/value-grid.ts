// The tensor viewer's value grid for a plane of any size (a 4096 × 4096 plane scrolls like a 4 × 4 one): a scroll
// area as large as the whole plane, with only the cells in view in the DOM (a reused pool), filled from 64 × 64 blocks
// of exact values the host sends on request. The cell under the mouse is reported so the image can mark its row and column.

import * as l10n from '@vscode/l10n';
import type { TensorCellsView, TensorSliceRequest, TensorSliceView } from '../../src/protocol';
import { h } from './dom';
import { fmt } from './heatmap';

const CELL_W = 84;
const CELL_H = 20;
const HEAD_W = 56;
const BLOCK = 64;
const MAX_BLOCKS = 256;

/** Asks the host for one block of values. */
export type RequestBlock = (request: TensorSliceRequest, row0: number, col0: number, rows: number, cols: number) => void;

/** A virtualised grid bound to one plane. */
export class ValueGrid {
  /** The scrolling element to put in the page. */
  readonly element: HTMLElement;
  private readonly canvas: HTMLElement;
  private readonly blocks = new Map<string, Float32Array>();
  private readonly asked = new Set<string>();
  private readonly pool: HTMLElement[] = [];
  private readonly rowHeads: HTMLElement[] = [];
  private readonly colHeads: HTMLElement[] = [];
  private readonly corner: HTMLElement;
  private frame = 0;
  private hover: { y: number; x: number } | undefined;
  /** Cells currently in the DOM (for tests and the status line). */
  rendered = 0;

  constructor(
    private readonly slice: TensorSliceView,
    private readonly ask: RequestBlock,
    private readonly onHover: (y: number, x: number) => void,
  ) {
    const rows = slice.srcHeight;
    const cols = slice.srcWidth;
    const r = slice.request;
    this.canvas = h('div', { class: 'tp-vgrid-canvas' });
    this.corner = h(
      'div',
      { class: 'tp-vhead tp-vhead-corner', title: l10n.t('rows: axis {0}, columns: axis {1}', r.rowAxis, r.colAxis) },
      `${r.rowAxis} \\ ${r.colAxis}`,
    );
    this.canvas.append(this.corner);
    this.canvas.style.width = `${HEAD_W + cols * CELL_W}px`;
    this.canvas.style.height = `${CELL_H + rows * CELL_H}px`;
    this.element = h(
      'div',
      {
        id: 'tp-vgrid',
        class: 'tp-vgrid',
        tabindex: 0,
        role: 'grid',
        'aria-rowcount': rows,
        'aria-colcount': cols,
        'aria-label': l10n.t('Values of this plane: {0} rows (axis {1}) × {2} columns (axis {3}); scroll to see more', rows, r.rowAxis, cols, r.colAxis),
        'data-rows': rows,
        'data-cols': cols,
      },
      this.canvas,
    );
    this.element.addEventListener('scroll', () => this.schedule());
    this.element.addEventListener('mousemove', (ev: MouseEvent) => {
      const box = this.element.getBoundingClientRect();
      const x = Math.floor((ev.clientX - box.left + this.element.scrollLeft - HEAD_W) / CELL_W);
      const y = Math.floor((ev.clientY - box.top + this.element.scrollTop - CELL_H) / CELL_H);
      if (x < 0 || y < 0 || x >= cols || y >= rows) return;
      if (this.hover?.x === x && this.hover.y === y) return;
      this.hover = { y, x };
      this.onHover(y, x);
      this.schedule();
    });
    new ResizeObserver(() => this.schedule()).observe(this.element);
  }

  /** Stores a block the host sent (ignored when it belongs to another plane). */
  receive(cells: TensorCellsView): void {
    if (key(cells.request) !== key(this.slice.request)) return;
    const id = `${cells.row0},${cells.col0}`;
    this.blocks.set(id, new Float32Array(cells.values));
    this.asked.delete(id);
    while (this.blocks.size > MAX_BLOCKS) this.blocks.delete(this.blocks.keys().next().value as string);
    this.schedule();
  }

  /** Scrolls so that cell (y, x) is in view and marks it (clicking the image does this). */
  reveal(y: number, x: number): void {
    const e = this.element;
    e.scrollTop = Math.max(0, (y + 1) * CELL_H - e.clientHeight / 2);
    e.scrollLeft = Math.max(0, HEAD_W + x * CELL_W - e.clientWidth / 2);
    this.hover = { y, x };
    this.onHover(y, x);
    this.schedule();
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  private value(y: number, x: number): string | undefined {
    const by = Math.floor(y / BLOCK) * BLOCK;
    const bx = Math.floor(x / BLOCK) * BLOCK;
    const id = `${by},${bx}`;
    const b = this.blocks.get(id);
    if (!b) {
      if (!this.asked.has(id)) {
        this.asked.add(id);
        this.ask(this.slice.request, by, bx, Math.min(BLOCK, this.slice.srcHeight - by), Math.min(BLOCK, this.slice.srcWidth - bx));
      }
      return undefined;
    }
    const cols = Math.min(BLOCK, this.slice.srcWidth - bx);
    const ch = this.slice.channels;
    const o = ((y - by) * cols + (x - bx)) * ch;
    if (ch === 1) return fmt(b[o]);
    const vs: string[] = [];
    for (let c = 0; c < ch; c++) vs.push(fmt(b[o + c]));
    return vs.join(', ');
  }

  private draw(): void {
    const e = this.element;
    const rows = this.slice.srcHeight;
    const cols = this.slice.srcWidth;
    const y0 = Math.max(0, Math.floor(e.scrollTop / CELL_H) - 1);
    const y1 = Math.min(rows, Math.ceil((e.scrollTop + e.clientHeight) / CELL_H) + 1);
    const x0 = Math.max(0, Math.floor(e.scrollLeft / CELL_W) - 1);
    const x1 = Math.min(cols, Math.ceil((e.scrollLeft + e.clientWidth) / CELL_W) + 1);
    let n = 0;
    for (let y = y0; y < y1; y++) {
      for (let x = x0; x < x1; x++) {
        const cell = this.pool[n] ?? this.canvas.appendChild(h('div', { class: 'tp-vcell', role: 'gridcell' }));
        this.pool[n++] = cell;
        const text = this.value(y, x);
        cell.textContent = text ?? '…';
        cell.style.transform = `translate(${HEAD_W + x * CELL_W}px, ${CELL_H + y * CELL_H}px)`;
        cell.className = `tp-vcell${text?.includes('NaN') ? ' tp-nan' : ''}${this.hover && (this.hover.y === y || this.hover.x === x) ? ' tp-vcell-cross' : ''}${this.hover?.y === y && this.hover.x === x ? ' tp-vcell-hover' : ''}`;
        cell.dataset.at = `${y},${x}`;
        cell.hidden = false;
      }
    }
    for (let i = n; i < this.pool.length; i++) this.pool[i].hidden = true;
    this.rendered = n;
    e.dataset.rendered = String(n);
    this.heads(
      this.rowHeads,
      y0,
      y1,
      (i, el) => {
        el.textContent = String(i);
        el.style.transform = `translate(${e.scrollLeft}px, ${CELL_H + i * CELL_H}px)`;
        el.classList.toggle('tp-vcell-cross', this.hover?.y === i);
      },
      'tp-vhead tp-vhead-row',
    );
    this.heads(
      this.colHeads,
      x0,
      x1,
      (i, el) => {
        el.textContent = String(i);
        el.style.transform = `translate(${HEAD_W + i * CELL_W}px, ${e.scrollTop}px)`;
        el.classList.toggle('tp-vcell-cross', this.hover?.x === i);
      },
      'tp-vhead tp-vhead-col',
    );
    this.corner.style.transform = `translate(${e.scrollLeft}px, ${e.scrollTop}px)`;
  }

  private heads(list: HTMLElement[], from: number, to: number, place: (i: number, el: HTMLElement) => void, cls: string): void {
    let n = 0;
    for (let i = from; i < to; i++) {
      const el = list[n] ?? this.canvas.appendChild(h('div', { class: cls, role: 'rowheader' }));
      list[n++] = el;
      el.hidden = false;
      place(i, el);
    }
    for (let i = n; i < list.length; i++) list[i].hidden = true;
  }
}

function key(r: TensorSliceRequest): string {
  return JSON.stringify([r.member, r.rowAxis, r.colAxis, r.rgbAxis, r.fixed]);
}

/**
 * Adds a row and a column marker over the slice image (inside its .tp-stage) and returns the function that moves them
 * to plane cell (y, x); the image may show every n-th value, so the markers sit on the sampled pixel that holds it.
 * Clicking the image reports the plane cell under the mouse.
 */
export function attachCrosshair(stage: HTMLElement, slice: TensorSliceView, onClick: (y: number, x: number) => void): (y: number, x: number) => void {
  const rowLine = h('div', { class: 'tp-cross tp-cross-row', 'aria-hidden': 'true', hidden: true });
  const colLine = h('div', { class: 'tp-cross tp-cross-col', 'aria-hidden': 'true', hidden: true });
  stage.classList.add('tp-stage-cross');
  stage.append(rowLine, colLine);
  const canvas = stage.querySelector('canvas');
  canvas?.addEventListener('click', (ev: MouseEvent) => {
    const r = canvas.getBoundingClientRect();
    const px = Math.floor(((ev.clientX - r.left) / r.width) * slice.width);
    const py = Math.floor(((ev.clientY - r.top) / r.height) * slice.height);
    onClick(Math.min(slice.srcHeight - 1, py * slice.strideY), Math.min(slice.srcWidth - 1, px * slice.strideX));
  });
  return (y, x) => {
    const py = Math.floor(y / slice.strideY);
    const px = Math.floor(x / slice.strideX);
    rowLine.hidden = false;
    colLine.hidden = false;
    rowLine.style.top = `${(py / slice.height) * 100}%`;
    rowLine.style.height = `${Math.max(100 / slice.height, 0.4)}%`;
    colLine.style.left = `${(px / slice.width) * 100}%`;
    colLine.style.width = `${Math.max(100 / slice.width, 0.4)}%`;
    stage.dataset.markRow = String(y);
    stage.dataset.markCol = String(x);
  };
}
