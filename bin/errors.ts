// A failure the user can act on: printed as one line, exit status 1.
export class LabCliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LabCliError";
  }
}
