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
