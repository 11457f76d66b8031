import { expect } from '@jest/globals';
import { AppError } from '../../src/common/app-error.js';

/** The AppError `run` throws; fails the test when it throws nothing or something else. */
export function catchAppError(run: () => unknown): AppError {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(AppError);
  return thrown as AppError;
}

/** The AppError a promise rejects with; fails the test otherwise. */
export async function catchAppErrorAsync(promise: Promise<unknown>): Promise<AppError> {
  let thrown: unknown;
  try {
    await promise;
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(AppError);
  return thrown as AppError;
}

/** Fails the test when any text of the error (message, hint, JSON form, stack, cause) contains one of `secrets`. */
export function expectNoSecretsIn(error: AppError, secrets: readonly string[]): void {
  const texts = [error.message, error.hint ?? '', JSON.stringify(error), String(error.stack), JSON.stringify(error.cause ?? {})];
  for (const secret of secrets) for (const text of texts) expect(text).not.toContain(secret);
}
