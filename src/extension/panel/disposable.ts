// The disposable base every host-side panel and session extends (after vscode-hexeditor's Disposable): children are
// registered once with _register and disposed together, in reverse order, exactly once.

/** Anything with a dispose() (a vscode.Disposable, a watcher, a channel). */
export interface DisposableLike {
  dispose(): unknown;
}

/** A base class that owns a list of disposables and disposes them once, newest first. */
export abstract class Disposable implements DisposableLike {
  private readonly children: DisposableLike[] = [];
  private disposedFlag = false;

  /** True once dispose() has run. */
  get isDisposed(): boolean {
    return this.disposedFlag;
  }

  /** Takes ownership of `child`: disposed with this object (at once if this one is already disposed). */
  protected _register<T extends DisposableLike>(child: T): T {
    if (this.disposedFlag) child.dispose();
    else this.children.push(child);
    return child;
  }

  /** Disposes every registered child once; later calls do nothing. */
  dispose(): void {
    if (this.disposedFlag) return;
    this.disposedFlag = true;
    for (const child of this.children.splice(0).reverse()) {
      try {
        child.dispose();
      } catch {
        // one failing child must not keep the others alive
      }
    }
  }
}
