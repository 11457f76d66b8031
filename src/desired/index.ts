/** Reading the desired state: files → validated, merged {@link DesiredState} → key material. */
export { loadDesiredState, type LoadDesiredStateOptions } from './load-desired-state.js';
export { parseDesiredDocument, type DocumentInput, type ParsedDocument } from './parse-desired-document.js';
export { mergeDesiredDocuments } from './merge-desired-documents.js';
export { resolveMaterials, checkContentSources, type MaterialIo, type ResolvedMaterials } from './resolve-materials.js';
export { readDesiredStateSchema } from './desired-state-schema.js';
export { DEFAULT_FILE } from './list-input-files.js';
export { MAX_DOCUMENT_BYTES } from '../yaml/index.js';
