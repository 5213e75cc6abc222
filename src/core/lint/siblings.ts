// Module constants imported from sibling files of the workspace: `from config import SIZE`, `import config` then
// `config.MEAN`, `import { SIZE } from './config'`, `#include "config.h"`, Java `Config.MEAN` of a class in the same
// folder. Sibling files come through an injectable reader (open documents first in the editor, the file system in the
// CLI), are limited in count and size, never read outside the workspace folder, and parsed once per text.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { walkStmts, type Expr, type Stmt } from './ir';
import { ModuleInfo, type ExternalConsts, type ForeignFunc } from './scope';
import { familyOf, type Family } from './scope-names';
import { structField } from './scope-struct-fields';
import { type Scope } from './lexical-scope';
import type { LintLanguageId } from './types';
import type { CV } from './values';
import { defaultExport, JS_FILE, preparesImages, topFunc } from './siblings-exports';

/** Reads sibling files for the linter: `root` is the workspace folder, `read` returns a file's text or undefined. */
export interface SiblingReader {
  root: string;
  read(absPath: string): string | undefined;
}

/** At most this many sibling files are read for one document. */
export const MAX_SIBLING_FILES = 8;
/** Sibling files larger than this (characters) are not read. */
export const MAX_SIBLING_CHARS = 256 * 1024;

/** True when `p` is inside `root` (or is root). */
export function insideRoot(root: string, p: string): boolean {
  const r = path.relative(path.resolve(root), path.resolve(p));
  return r === '' || (!r.startsWith('..') && !path.isAbsolute(r));
}

/** A reader of the file system under `root` (symlinks that lead outside are refused), cached by size and time. */
export function fsSiblingReader(root: string): SiblingReader {
  const cache = new Map<string, { stamp: string; text: string | undefined }>();
  let realRoot: string;
  try {
    realRoot = fs.realpathSync(root);
  } catch {
    realRoot = root;
  }
  return {
    root,
    read(p: string): string | undefined {
      if (!insideRoot(root, p)) return undefined;
      try {
        const st = fs.statSync(p);
        if (!st.isFile() || st.size > MAX_SIBLING_CHARS) return undefined;
        const stamp = `${st.size}:${st.mtimeMs}`;
        const hit = cache.get(p);
        if (hit && hit.stamp === stamp) return hit.text;
        const text = insideRoot(realRoot, fs.realpathSync(p)) ? fs.readFileSync(p, 'utf8') : undefined;
        if (cache.size > 256) cache.clear();
        cache.set(p, { stamp, text });
        return text;
      } catch {
        return undefined;
      }
    },
  };
}

/** Parses a sibling file's text into module IR (the linter supplies it; undefined when it cannot). */
export type SiblingParser = (languageId: LintLanguageId, text: string) => Stmt[] | undefined;

/** What one document took from its siblings: the constants, and the files read (to tell when they change). */
export interface SiblingResult {
  ext: ExternalConsts;
  files: string[];
  key: string;
}

const LANG_OF_EXT: Record<string, LintLanguageId> = {
  '.py': 'python',
  '.h': 'cpp',
  '.hpp': 'cpp',
  '.hh': 'cpp',
  '.hxx': 'cpp',
  '.cpp': 'cpp',
  '.cc': 'cpp',
  '.cxx': 'cpp',
  '.java': 'java',
  '.js': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.jsx': 'javascript',
  '.ts': 'typescript',
  '.tsx': 'tsx',
};

const NO_SPAN = { ch: { base: 0 }, s: 0, e: 0 };

/** The file-system path of a document uri (file: uri or absolute path), or undefined (unsaved or virtual). */
export function pathOfUri(uri: string): string | undefined {
  try {
    if (uri.startsWith('file:')) return fileURLToPath(uri);
  } catch {
    return undefined;
  }
  return path.isAbsolute(uri) ? uri : undefined;
}

interface Binding {
  file: string;
  member: string;
}

/** Resolves and caches sibling modules for the documents of one linter. */
export class SiblingModules {
  private readonly cache = new Map<string, { text: string; info: ModuleInfo | undefined }>();

  constructor(
    private readonly reader: SiblingReader,
    private readonly parse: SiblingParser,
  ) {}

  /** The key of the files' current texts (compares a memo against changed siblings). */
  keyOf(files: readonly string[]): string {
    return files.map((f) => `${f}\u0000${this.reader.read(f) ?? ''}`).join('\u0001');
  }

  /** The constants a document imports from its siblings; undefined when it imports none the reader can give. */
  resolve(family: Family, module: readonly Stmt[], text: string, uri: string): SiblingResult | undefined {
    const doc = pathOfUri(uri);
    if (!doc || !insideRoot(this.reader.root, doc)) return undefined;
    const dir = path.dirname(doc);
    const files: string[] = [];
    const names = new Map<string, Binding>();
    const modules = new Map<string, string>();
    const globals: string[] = [];
    const sources: string[] = [];
    const tryFile = (cands: string[]): string | undefined => {
      for (const c of cands) {
        const p = path.resolve(c);
        if (p === doc || !insideRoot(this.reader.root, p) || !LANG_OF_EXT[path.extname(p)]) continue;
        if (files.includes(p)) return p;
        if (files.length >= MAX_SIBLING_FILES) return undefined;
        const t = this.reader.read(p);
        if (t === undefined || t.length > MAX_SIBLING_CHARS) continue;
        files.push(p);
        return p;
      }
      return undefined;
    };
    const imports: { local: string; full: string }[] = [];
    // Imports sit at the top level (or in a namespace/class container): no walk through function bodies on every lint.
    const top = (stmts: readonly Stmt[]): void => {
      for (const s of stmts) {
        if (s.k === 'import') imports.push(...s.entries);
        else if ((s.k === 'block' || s.k === 'class') && s.container) top(s.body);
      }
    };
    top(module);
    if (family === 'python') {
      // sys.path.append('../palm_detection_mediapipe') (or insert(0, ...)) with a relative folder: searched after the file's own.
      const extra = [...text.matchAll(/\bsys\.path\.(?:append|insert)\(\s*(?:\d+\s*,\s*)?(['"])([^'"\n]+)\1\s*\)/g)]
        .map((m) => path.resolve(dir, m[2]))
        .filter((d) => insideRoot(this.reader.root, d));
      const pyFile = (mod: string): string | undefined => {
        const rel = mod.split('.').join('/');
        const dirs = [dir, ...extra, this.reader.root];
        return tryFile(dirs.flatMap((d) => [`${d}/${rel}.py`, `${d}/${rel}/__init__.py`]));
      };
      for (const e of imports) {
        if (e.local === '*' || e.local.includes('.')) continue;
        const dot = e.full.lastIndexOf('.');
        const asName = dot > 0 && e.local !== e.full ? pyFile(e.full.slice(0, dot)) : undefined;
        if (asName) {
          names.set(e.local, { file: asName, member: e.full.slice(dot + 1) });
          // `from utils import pre` / `import utils.pre as pre` of a package: the name may be its submodule pre.py.
          const sub = asName.endsWith('__init__.py') ? tryFile([path.join(path.dirname(asName), `${e.full.slice(dot + 1)}.py`)]) : undefined;
          if (sub) modules.set(e.local, sub);
        } else {
          const m = pyFile(e.full);
          if (m) modules.set(e.local, m);
        }
      }
    } else if (family === 'js') {
      const jsFile = (mod: string): string | undefined => {
        if (!mod.startsWith('.')) return undefined;
        const base = path.resolve(dir, mod);
        const exts = ['.ts', '.js', '.tsx', '.jsx', '.mjs', '/index.ts', '/index.js'];
        return tryFile([base, ...exts.map((x) => base + x), base.replace(/\.js$/, '.ts')]);
      };
      for (const e of imports) {
        // `import prep from './utils.js'` names the file itself, not a member `js` of './utils'.
        const whole = JS_FILE.test(e.full) ? jsFile(e.full) : undefined;
        if (whole) {
          modules.set(e.local, whole);
          continue;
        }
        const m = /^(.*)\.([A-Za-z_$][\w$]*)$/.exec(e.full);
        const asName = m && m[1].startsWith('.') && !m[1].endsWith('/') && m[1] !== '.' && m[1] !== '..' ? jsFile(m[1]) : undefined;
        if (asName && m) names.set(e.local, { file: asName, member: m[2] });
        else {
          const f = jsFile(e.full);
          if (f) modules.set(e.local, f);
        }
      }
    } else if (family === 'cpp') {
      for (const m of text.matchAll(/^[ \t]*#[ \t]*include[ \t]*"([^"\n]+)"/gm)) {
        // Next to the file, in the project's include/ folder (src/ and include/ side by side), or from the workspace root.
        const f = tryFile([path.resolve(dir, m[1]), path.resolve(dir, '..', 'include', m[1]), path.resolve(this.reader.root, m[1])]);
        if (f) globals.push(f);
      }
      // <pkg/utils.h> of a package of the same workspace (a catkin/colcon layout: <ws>/pkg/include/pkg/utils.h beside
      // this file's package), or of this package's own include/ folder.
      for (const m of text.matchAll(/^[ \t]*#[ \t]*include[ \t]*<([\w.-]+)\/([^>\n]+)>/gm)) {
        const rel = `${m[1]}/${m[2]}`;
        const f = tryFile([path.resolve(dir, '..', '..', m[1], 'include', rel), path.resolve(dir, '..', 'include', rel)]);
        if (f && !globals.includes(f)) globals.push(f);
      }
      // The headers those headers include (detector.h → common.h → config.h with the #defines), next to each header.
      for (let i = 0; i < globals.length && files.length < MAX_SIBLING_FILES; i++) {
        const h = globals[i]!;
        const ht = /\.(h|hpp|hh|hxx)$/.test(h) ? this.reader.read(h) : undefined;
        if (ht === undefined || ht.indexOf('#') < 0) continue;
        for (const m of ht.matchAll(/^[ \t]*#[ \t]*include[ \t]*"([^"\n]+)"/gm)) {
          const f = tryFile([path.resolve(path.dirname(h), m[1])]);
          if (f && !globals.includes(f)) globals.push(f);
        }
      }
      // The source file of each included header (Infer.cpp beside Infer.h, or in src/ beside include/): its functions.
      for (const g of [...globals]) {
        const stem = g.replace(/\.(h|hpp|hh|hxx)$/, '');
        if (stem === g) continue;
        const base = path.basename(stem);
        const f = tryFile([
          `${stem}.cpp`,
          `${stem}.cc`,
          path.resolve(path.dirname(g), '..', 'src', `${base}.cpp`),
          // include/pkg/utils.h → src/utils.cpp of the same package.
          path.resolve(path.dirname(g), '..', '..', 'src', `${base}.cpp`),
        ]);
        if (f) sources.push(f);
      }
    } else {
      for (const e of imports) {
        // import static pkg.Config.SIZE: a constant of a class; look for the class in the same folder.
        const parts = e.full.split('.');
        if (e.local !== '*' && parts.length >= 2 && /^[A-Z]/.test(parts[parts.length - 2])) {
          const f = tryFile([`${dir}/${parts[parts.length - 2]}.java`]);
          if (f) names.set(e.local, { file: f, member: `${parts[parts.length - 2]}.${parts[parts.length - 1]}` });
        }
      }
      const seen = new Set<string>();
      for (const m of text.matchAll(/\b([A-Z]\w*)\s*\.\s*[A-Za-z_]\w*/g)) {
        if (seen.has(m[1])) continue;
        seen.add(m[1]);
        const f = tryFile([`${dir}/${m[1]}.java`]);
        if (f) modules.set(m[1], f);
      }
    }
    if (files.length === 0) return undefined;
    const info = (f: string): ModuleInfo | undefined => this.load(f);
    const reader = this.reader;
    const rel = (f: string): string => path.relative(reader.root, f).split(path.sep).join('/');
    const lookup = (f: string, member: string): CV | undefined => {
      const mi = info(f);
      if (!mi) return undefined;
      const dot = member.indexOf('.');
      if (dot > 0) {
        const cls = classScope(mi, member.slice(0, dot));
        return cls ? evalIn(mi, member.slice(dot + 1), cls) : undefined;
      }
      return evalIn(mi, member, mi.module);
    };
    const ext: ExternalConsts = {
      name(local: string): CV | undefined {
        const b = names.get(local);
        if (b) return lookup(b.file, b.member);
        for (const g of globals) {
          const v = lookup(g, local);
          if (v) return v;
        }
        return undefined;
      },
      usings(): string[] {
        return globals.flatMap((g) => info(g)?.usings ?? []);
      },
      structField(agg: CV, name: string): CV | undefined {
        for (const g of globals) {
          const mi = info(g);
          const v = mi ? structField(mi.body, agg, name) : undefined;
          if (v) return v;
        }
        return undefined;
      },
      func(bare: string): ForeignFunc | undefined {
        // Python: a function imported by name from a sibling module (`from utils.image_utils import load`); JS/TS: one
        // imported by name (`import { prep } from './utils'`, `const { prep } = require('./utils')`) or the module's
        // default export (`import prep from './utils.js'`, `const prep = require('./utils')`).
        // Python: `pre.image_preprocess` of a sibling module imported whole (`import preprocess as pre`).
        const dot = family === 'python' ? bare.indexOf('.') : -1;
        if (dot > 0) {
          const m = modules.get(bare.slice(0, dot));
          const mi = m ? info(m) : undefined;
          const f = mi ? topFunc(mi, bare.slice(dot + 1)) : undefined;
          const t = f && m ? reader.read(m) : undefined;
          return mi && f && t !== undefined && m ? { info: mi, f, text: t, file: rel(m) } : undefined;
        }
        const b = family === 'python' || family === 'js' ? names.get(bare) : undefined;
        if (b && !b.member.includes('.')) {
          const mi = info(b.file);
          const f = family === 'js' ? (mi ? topFunc(mi, b.member) : undefined) : mi?.funcs.get(b.member)?.[0];
          const t = f ? reader.read(b.file) : undefined;
          return mi && f && t !== undefined ? { info: mi, f, text: t, file: rel(b.file) } : undefined;
        }
        const whole = family === 'js' ? modules.get(bare) : undefined;
        if (whole) {
          const t = reader.read(whole);
          const mi = t !== undefined ? info(whole) : undefined;
          const f = mi && t !== undefined ? defaultExport(mi, t) : undefined;
          return mi && f && t !== undefined ? { info: mi, f, text: t, file: rel(whole) } : undefined;
        }
        for (const src of sources) {
          const mi = info(src);
          const f = mi?.funcs.get(bare)?.[0];
          const t = f ? reader.read(src) : undefined;
          if (mi && f && t !== undefined) return { info: mi, f, text: t, file: rel(src) };
        }
        return undefined;
      },
      preparingClass(local: string): boolean {
        const b = names.get(local);
        if (!b || b.member.includes('.')) return false;
        const mi = info(b.file);
        return mi !== undefined && preparesImages(mi, b.member);
      },
      definition(local: string): { e: Expr; info: ModuleInfo } | undefined {
        const b = names.get(local);
        const mi = b && !b.member.includes('.') ? info(b.file) : undefined;
        const defs = mi?.module.vars.get(b!.member);
        return mi && defs?.length === 1 && defs[0] ? { e: defs[0], info: mi } : undefined;
      },
      member(head: string, m: string): CV | undefined {
        const f = modules.get(head);
        if (f) return family === 'java' ? lookup(f, `${head}.${m}`) : lookup(f, m);
        const b = names.get(head);
        if (b && !b.member.includes('.')) return lookup(b.file, `${b.member}.${m}`);
        for (const g of globals) {
          const v = lookup(g, `${head}.${m}`);
          if (v) return v;
        }
        return undefined;
      },
    };
    return { ext, files, key: this.keyOf(files) };
  }

  private load(file: string): ModuleInfo | undefined {
    const text = this.reader.read(file);
    if (text === undefined) return undefined;
    const hit = this.cache.get(file);
    if (hit && hit.text === text) return hit.info;
    const lang = LANG_OF_EXT[path.extname(file)];
    // A parser crash propagates (the linter replaces its runtime); a file the rules cannot read gives no constants.
    const body = lang ? this.parse(lang, text) : undefined;
    let info: ModuleInfo | undefined;
    try {
      info = body ? new ModuleInfo(familyOf(lang), body) : undefined;
    } catch {
      info = undefined;
    }
    if (this.cache.size > 64) this.cache.clear();
    this.cache.set(file, { text, info });
    return info;
  }
}

function classScope(mi: ModuleInfo, name: string): Scope | undefined {
  let found: Scope | undefined;
  walkStmts(mi.body, (s) => {
    if (!found && s.k === 'class' && (s.name === name || s.name.endsWith(`::${name}`))) found = mi.scopeOf.get(s);
  });
  return found;
}

function evalIn(mi: ModuleInfo, name: string, scope: Scope): CV | undefined {
  if (!scope.vars.has(name)) return undefined;
  const e: Expr = { k: 'name', n: name, sp: NO_SPAN };
  const v = mi.evalConst(e, scope);
  return v && v.t !== 'null' ? v : undefined;
}
