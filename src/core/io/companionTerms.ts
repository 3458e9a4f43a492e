// How a front end asks for the files that belong with the one read (a glTF's buffers, an OBJ's
// materials, a scan's label arrays). The readers say what is missing or misplaced; these words say
// what to do about it, in the front end's own terms: the app opens files together, the command
// line reads a file's companions from beside it. The app's are the default.

export interface CompanionTerms {
  /** what to do where `companion`, a path the file names relative to itself, was not found */
  missing(companion: string): string;
  /** what to do where `companion` came without `main`, the file it is read with (`folder`: or the folder that holds them) */
  together(companion: string, main: string, folder?: boolean): string;
}

export const APP_TERMS: CompanionTerms = {
  missing: (companion) => `open ${companion} together with it`,
  together: (companion, main, folder) => `open ${companion} together with ${main}${folder ? ' (or their folder)' : ''}`,
};
