/**
 * Binary data of a workflow step as files under the engine's payload folder, so an action can
 * stream a 50 MB upload or download without holding it in memory. The engine gives an action
 * these for the item it runs for; outside a workflow there are none.
 */

/** A payload file, as items carry it (`item.binary.data`). */
export interface FileRef {
  file: string;
  mimeType: string;
  fileName?: string;
  fileSize: number;
}

export interface NewFile {
  /** Write the bytes here. */
  path: string;
  /** Call once written: the file becomes the output item's binary property. */
  done(): FileRef;
}

export interface ActionFiles {
  /** The binary property (`data`) of the item the step runs for. */
  input(property: string): FileRef | undefined;
  /** Where a payload file's bytes are on disk. */
  localPath(ref: FileRef): string;
  create(property: string, details: { mimeType: string; fileName?: string }): NewFile;
}
