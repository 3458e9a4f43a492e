// The export feature's slice: the last file the Export panel wrote in its worker (PLY, LAS or LAZ),
// on whichever layer it was made from. One runs at a time: the panel's buttons wait while it does.
export type ExportRunView =
  | {
      status: 'running';
      layerId: string;
      /** the name the file downloads as */
      name: string;
      /** 0..1, and what is being done (writing, compressing) */
      progress: number;
      stage?: string;
    }
  | {
      status: 'done';
      layerId: string;
      name: string;
      /** what the LAS could not keep as it was (none for PLY) */
      notes: string[];
    }
  /** failed, or cancelled: `message` says which, in words */
  | { status: 'error'; layerId: string; name: string; message: string };
