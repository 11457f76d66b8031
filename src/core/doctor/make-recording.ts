import { RECORDING_FORMAT_VERSION, type RecordedExchange, type Recording } from '../model/recording.js';
import { anonymizeExchanges } from './anonymize-exchanges.js';
import { stringifyDocument } from '../../common/stringify-document.js';

/** The recording file of a check: its (already redacted) exchanges, with names replaced when asked. */
export function makeRecording(
  exchanges: readonly RecordedExchange[],
  options: { readonly anonymize: boolean; readonly recordedBy: string },
): Recording {
  return {
    formatVersion: RECORDING_FORMAT_VERSION,
    recordedBy: options.recordedBy,
    anonymized: options.anonymize,
    exchanges: options.anonymize ? anonymizeExchanges(exchanges) : [...exchanges],
  };
}

/** The recording as its file holds it: pretty-printed JSON. */
export function serializeRecording(recording: Recording): string {
  return stringifyDocument(recording);
}
