// The io API the app, the workers and the CLI use.
export { detectFormat, extensionOf } from './detectFormat';
export { parseFiles, isCompanion, type ParseOptions } from './parseFiles';
export { SCENE_ARRAY_NAMES } from './npy';
export { fileGroups } from './fileGroups';
export { MAX_FOLDER_DEPTH, MAX_FOLDER_FILES, MAX_FOLDER_LAYERS, chooseFolderFiles, filesFor, tooManyFiles, type FolderChoice } from './folderFiles';
export { definesUp, formats, holdsObjects, holdsScans, loaders, supportedExtensions } from './formats';
export { writePly } from './writePly';
export type { FormatLoader, LoaderContext, LoadedGeometry } from './loader';
export { READ_BUDGET_BYTES, MAX_ATTRIBUTES } from './limits';
