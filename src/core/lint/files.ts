// Lints files and folders on disk (the CLI's entry point): finds sources, skips big and binary files, runs the linter.

import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import type { Spec } from '../spec/types';
import { globMatcher } from './glob';

type Matcher = (relativePath: string) => boolean;
import { createLinter } from './linter';
import { fsSiblingReader } from './siblings';
import type { FileFindings, LintFilesOptions, LintLanguageId, LintOutcome } from './types';

/** File extensions the linter reads, by language. */
export const LANGUAGE_BY_EXTENSION: Readonly<Record<string, LintLanguageId>> = {
  '.py': 'python',
  '.pyw': 'python',
  '.cpp': 'cpp',
  '.cc': 'cpp',
  '.cxx': 'cpp',
  '.c++': 'cpp',
  '.hpp': 'cpp',
  '.hh': 'cpp',
  '.hxx': 'cpp',
  '.h': 'cpp',
  '.ipp': 'cpp',
  '.java': 'java',
  '.js': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.jsx': 'javascript',
  '.ts': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
  '.tsx': 'tsx',
};

const ALWAYS_SKIPPED = new Set([
  'node_modules',
  '.git',
  '.hg',
  '.svn',
  '__pycache__',
  '.venv',
  'venv',
  '.tox',
  '.mypy_cache',
  'dist',
  'out',
  'build',
  '.gradle',
  'target',
]);
const DEFAULT_MAX_BYTES = 1024 * 1024;

/** The language of a file name, or undefined when the linter does not read it. */
export function languageOfPath(file: string): LintLanguageId | undefined {
  if (file.endsWith('.d.ts')) return undefined;
  return LANGUAGE_BY_EXTENSION[path.extname(file).toLowerCase()];
}

function rel(cwd: string, file: string): string {
  const r = path.relative(cwd, file);
  return (r.startsWith('..') || path.isAbsolute(r) ? file : r).split(path.sep).join('/');
}

function mb(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** True when the first bytes look binary (a NUL byte, as git decides). */
export function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 8000);
  for (let i = 0; i < n; i++) if (bytes[i] === 0) return true;
  return false;
}

async function collect(
  paths: readonly string[],
  cwd: string,
  include: Matcher | undefined,
  exclude: Matcher,
): Promise<{ files: string[]; explicit: Set<string>; missing: string[] }> {
  const files: string[] = [];
  const explicit = new Set<string>();
  const missing: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    let entries;
    try {
      entries = await fsp.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const full = path.join(dir, e.name);
      const r = rel(cwd, full);
      if (e.isDirectory()) {
        if (ALWAYS_SKIPPED.has(e.name) || (e.name.startsWith('.') && e.name !== '.') || exclude(r)) continue;
        await walk(full);
      } else if (e.isFile()) {
        if (exclude(r)) continue;
        if (include ? include(r) : languageOfPath(e.name) !== undefined) files.push(full);
      }
    }
  };
  for (const p of paths) {
    const full = path.resolve(cwd, p);
    let st;
    try {
      st = await fsp.stat(full);
    } catch {
      missing.push(p);
      continue;
    }
    if (st.isDirectory()) await walk(full);
    else {
      files.push(full);
      explicit.add(full);
    }
  }
  return { files: [...new Set(files)], explicit, missing };
}

/** Thrown by lintFiles when a path given on the command line does not exist. */
export class LintInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LintInputError';
  }
}

/**
 * Lints files and folders against a spec. Folders are searched recursively (node_modules, .git, build outputs and
 * hidden folders are left out); files over opts.maxBytes (1 MB) and binary files are reported as skipped.
 * Throws LintInputError naming any path that does not exist.
 */
export async function lintFiles(paths: readonly string[], spec: Spec, opts: LintFilesOptions): Promise<FileFindings[]> {
  const cwd = opts.cwd ?? process.cwd();
  const include = (opts.include ?? []).length > 0 ? globMatcher(opts.include ?? []) : undefined;
  const exclude = globMatcher(opts.exclude ?? []);
  const { files, explicit, missing } = await collect(paths.length > 0 ? paths : ['.'], cwd, include, exclude);
  if (missing.length > 0) {
    throw new LintInputError(
      `${missing.map((m) => path.resolve(cwd, m)).join(', ')} ${missing.length === 1 ? 'does' : 'do'} not exist. Check the path${missing.length === 1 ? '' : 's'} given to lint.`,
    );
  }
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const linter =
    opts.linter ?? (await createLinter({ wasmDir: opts.wasmDir, timeBudgetMs: opts.timeBudgetMs, siblings: fsSiblingReader(cwd), parallelParse: true }));
  const out: FileFindings[] = [];
  try {
    for (const file of files) {
      const shown = rel(cwd, file);
      const languageId = languageOfPath(file);
      if (!languageId) {
        if (explicit.has(file))
          out.push({
            path: shown,
            findings: [],
            skipped: {
              reason: 'unknown-language',
              message: `${shown}: not linted: the linter reads ${Object.keys(LANGUAGE_BY_EXTENSION).join(' ')} files only.`,
            },
          });
        continue;
      }
      let st;
      try {
        st = await fsp.stat(file);
      } catch (e) {
        out.push({
          path: shown,
          languageId,
          findings: [],
          skipped: { reason: 'unreadable', message: `${shown}: cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)}).` },
        });
        continue;
      }
      if (st.size > maxBytes) {
        out.push({
          path: shown,
          languageId,
          findings: [],
          skipped: {
            reason: 'too-large',
            message: `${shown}: skipped, ${mb(st.size)} is over the ${mb(maxBytes)} limit for linting (generated or data file?). Exclude it, or lint a smaller file.`,
          },
        });
        continue;
      }
      let bytes: Buffer;
      try {
        bytes = await fsp.readFile(file);
      } catch (e) {
        out.push({
          path: shown,
          languageId,
          findings: [],
          skipped: { reason: 'unreadable', message: `${shown}: cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)}).` },
        });
        continue;
      }
      if (looksBinary(bytes)) {
        out.push({
          path: shown,
          languageId,
          findings: [],
          skipped: { reason: 'binary', message: `${shown}: skipped, it looks binary (it contains NUL bytes), not source code.` },
        });
        continue;
      }
      let text = bytes.toString('utf8');
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      const uri = `file://${file}`;
      // One bad file never stops the run: a crash re-creates the parser, and the next file waits for it.
      await linter.ready();
      let outcome: LintOutcome;
      try {
        outcome = linter.check({ uri, languageId, text }, spec);
        linter.close(uri);
      } catch (e) {
        outcome = {
          findings: [],
          skipped: {
            reason: 'parser-crash',
            message: `not linted: the linter failed on this file (${e instanceof Error ? e.message : String(e)}); please report it.`,
          },
        };
      }
      if (outcome.skipped) {
        out.push({
          path: shown,
          languageId,
          findings: [],
          skipped: {
            reason: outcome.skipped.reason === 'too-slow' ? 'too-slow' : 'parser-crash',
            message: `${shown}: ${outcome.skipped.message}`,
          },
        });
      } else {
        out.push({ path: shown, languageId, findings: outcome.findings, text });
      }
    }
  } finally {
    if (!opts.linter) linter.dispose();
  }
  return out;
}
