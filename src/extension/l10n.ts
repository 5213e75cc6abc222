// Translation for the extension's modules that must not import vscode (payload builders, error text: they run in unit
// tests and are imported by the CLI's tests). Call l10n.t('Message with {0}', x) as with vscode.l10n.t: the same
// export script (scripts/l10n-export.mjs) collects these messages into l10n/bundle.l10n.json. The extension routes them
// to vscode.l10n.t when it activates; until then (tests) the English message is formatted as is.

/** An argument of a message's {n} placeholder. */
export type L10nArg = string | number | boolean;

type Translate = (message: string, ...args: L10nArg[]) => string;

/** The English message with each {n} replaced by the n-th argument (what vscode.l10n.t does without a bundle). */
export function formatMessage(message: string, ...args: L10nArg[]): string {
  return message.replace(/\{(\d+)\}/g, (whole, n: string) => (Number(n) < args.length ? String(args[Number(n)]) : whole));
}

let translate: Translate = formatMessage;

/** The message in the user's language, its {n} placeholders filled from `args`. */
export function t(message: string, ...args: L10nArg[]): string {
  return translate(message, ...args);
}

/** Routes t() through `fn` (the extension passes vscode.l10n.t on activation). */
export function useTranslator(fn: Translate): void {
  translate = fn;
}
