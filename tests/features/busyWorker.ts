// A worker stand-in for the tests of a run's cancel: it takes the job and never answers, as one
// busy on a large layer does, and says whether it was ended.

export class BusyWorker {
  static made: BusyWorker[] = [];
  ended = false;
  onmessage = null;
  onerror = null;
  onmessageerror = null;
  constructor() {
    BusyWorker.made.push(this);
  }
  postMessage(): void {}
  terminate(): void {
    this.ended = true;
  }
}
