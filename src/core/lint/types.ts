// Public types of the preprocessing linter: documents in, located findings (with optional quick fixes) out.

/** Languages the linter parses (VS Code language ids; 'tsx' is TypeScript React). */
export type LintLanguageId = 'python' | 'cpp' | 'java' | 'javascript' | 'typescript' | 'tsx';

/** A zero-based position in UTF-16 code units, as in VS Code. */
export interface LintPosition {
  line: number;
  character: number;
}

/** A half-open range of positions. */
export interface LintRange {
  start: LintPosition;
  end: LintPosition;
}

/** A text replacement of a quick fix. An empty range inserts. */
export interface LintTextEdit {
  range: LintRange;
  newText: string;
}

/** A quick fix that is safe to apply as is. */
export interface LintFix {
  title: string;
  edits: LintTextEdit[];
}

/** Severity of a finding (maps to VS Code DiagnosticSeverity and SARIF level error/warning/note). */
export type LintSeverity = 'error' | 'warning' | 'info';

/** One problem found in preprocessing code. */
export interface Finding {
  /** Stable code, e.g. TP201. */
  code: string;
  /** Stable rule id, e.g. resize-size. */
  rule: string;
  severity: LintSeverity;
  /** Names the spec value and the code's value, and says how to fix it. */
  message: string;
  range: LintRange;
  /** The spec field the finding is about, e.g. input.width. */
  specPath?: string;
  fix?: LintFix;
}

/** A source document to lint. */
export interface LintDocument {
  uri: string;
  languageId: LintLanguageId;
  text: string;
  version?: number;
}

/** A position as tree-sitter ({row, column}) or VS Code ({line, character}) spell it. */
export type EditPoint = { row: number; column: number } | { line: number; character: number };

/** One text change, in the shape of tree-sitter's Edit; indices are UTF-16 offsets into the document. */
export interface DocumentEdit {
  startIndex: number;
  oldEndIndex: number;
  newEndIndex: number;
  startPosition: EditPoint;
  oldEndPosition: EditPoint;
  newEndPosition: EditPoint;
}

/** Why the linter gave up on one document: parsing ran over the time budget, or the parser runtime crashed on it. */
export interface LintSkip {
  reason: 'too-slow' | 'parser-crash';
  /** Says what happened and what to do, without the file name (the caller names the file). */
  message: string;
}

/** The result of linting one document: its findings, or why it was skipped. */
export interface LintOutcome {
  findings: Finding[];
  skipped?: LintSkip;
}

/** The linter: keeps one syntax tree per open document and reparses incrementally. */
export interface Linter {
  /** Lints a document against a spec. Reuses the document's tree when its text is unchanged; never throws on bad code. */
  lint(doc: LintDocument, spec: import('../spec/types').Spec): Finding[];
  /** Like lint(), and says when the document was skipped (over the time budget, or the parser crashed on it). */
  check(doc: LintDocument, spec: import('../spec/types').Spec): LintOutcome;
  /** Resolves once the linter can parse again (after a parser crash its runtime is re-created in the background). */
  ready(): Promise<void>;
  /**
   * Applies one or more edits (in the order they were made) to the document's tree; the next lint() of `newText`
   * reparses it incrementally (only the edited function when the edit lies inside one). Unknown uris are ignored.
   */
  update(uri: string, edit: DocumentEdit | DocumentEdit[], newText: string): void;
  /** Idle-time work: reparses the trees that lints since their last parse left only edited (cheap when there are none). */
  settle(): void;
  /** Forgets a document and frees its tree. */
  close(uri: string): void;
  /** Frees every tree and the parsers. */
  dispose(): void;
  /** Resolves true once the parse helper thread (LinterOptions.parallelParse) can take work; false without one. */
  helperReady(timeoutMs: number): Promise<boolean>;
  /** New documents parsed so far: in two halves at once, and whole. */
  parseCounts(): { halves: number; whole: number };
}

/** Default time one document may take to parse and extract before it is skipped as too slow (ms). */
export const DEFAULT_TIME_BUDGET_MS = 5000;

/** Options of createLinter. */
export interface LinterOptions {
  /** Folder holding tree-sitter.js, tree-sitter.wasm and the tree-sitter-<language>.wasm grammars. */
  wasmDir: string;
  /** Time one document may take to parse and extract before it is skipped as too slow; default 5,000 ms. */
  timeBudgetMs?: number | undefined;
  /** Reads sibling files of the workspace, for module constants a document imports (none are read without it). */
  siblings?: import('./siblings').SiblingReader | undefined;
  /**
   * Parses a large new document in two halves at once, the second on a helper thread, when the machine has an idle
   * core (the lint worker and the CLI do). 'always': whatever the load, waiting for the helper however long it takes (tests).
   */
  parallelParse?: boolean | 'always' | undefined;
  /** The helper thread's script (default: next to the bundle, or the compiled parse-helper-main.js). */
  parseHelperScript?: string | undefined;
}

/** Why a file was not linted. */
export interface SkippedFile {
  reason: 'too-large' | 'binary' | 'unreadable' | 'unknown-language' | 'too-slow' | 'parser-crash';
  message: string;
}

/** The findings of one file (or why it was skipped). */
export interface FileFindings {
  path: string;
  languageId?: LintLanguageId;
  findings: Finding[];
  skipped?: SkippedFile;
  /** Source text, kept for text output with context; absent when skipped. */
  text?: string;
}

/** Options of lintFiles. */
export interface LintFilesOptions {
  wasmDir: string;
  /** Globs (matched against paths relative to `cwd`, with /) a file must match; default: every supported extension. */
  include?: string[];
  /** Globs of files or folders to leave out; node_modules, .git and dist-like folders are always left out. */
  exclude?: string[];
  /** Base folder for relative paths and globs; default process.cwd(). */
  cwd?: string;
  /** Files larger than this are skipped with a message; default 1 MB (1,048,576 bytes). */
  maxBytes?: number;
  /** Time one file may take to parse before it is reported as skipped (too slow); default 5,000 ms. */
  timeBudgetMs?: number | undefined;
  /** A linter to reuse (createLinter is called otherwise). */
  linter?: Linter;
}
