/** A snapshot that cannot be read: the message names the file and what is wrong with it. */
export class SnapshotError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SnapshotError';
  }
}

/** The snapshot has no such project. */
export class UnknownProjectError extends SnapshotError {
  constructor(message: string) {
    super(message);
    this.name = 'UnknownProjectError';
  }
}
