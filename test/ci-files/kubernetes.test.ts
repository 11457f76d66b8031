/**
 * examples/kubernetes/drift-cronjob.yaml: each object valid against the Kubernetes OpenAPI
 * schema (kubernetes-models), and the nightly drift job as locked down as the example claims.
 */
import { describe, expect, it } from '@jest/globals';
import { CronJob } from 'kubernetes-models/batch/v1/CronJob';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const documents = parseAllDocuments(readFileSync(join(ROOT, 'examples', 'kubernetes', 'drift-cronjob.yaml'), 'utf8')).map(
  (document) => document.toJS() as { kind: string },
);
const cronJob = documents.find((document) => document.kind === 'CronJob') as unknown as CronJob;

describe('the drift CronJob', () => {
  it('is valid Kubernetes, object by object', () => {
    expect(documents.map((document) => document.kind)).toEqual(['ServiceAccount', 'CronJob']);
    expect(() => new ServiceAccount(documents[0] as never).validate()).not.toThrow();
    expect(() => new CronJob(cronJob).validate()).not.toThrow();
    expect(() => new CronJob({ ...cronJob, spec: { ...cronJob.spec, concurrencyPolicy: 7 as never } }).validate()).toThrow(
      /concurrencyPolicy/,
    );
  });

  it('never overlaps, runs as non-root on a read-only root file system, with limits, and the token from a Secret', () => {
    const spec = cronJob.spec;
    expect(spec.concurrencyPolicy).toBe('Forbid');
    const pod = spec.jobTemplate.spec!.template.spec!;
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } });
    const [container] = pod.containers;
    expect(container!.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      privileged: false,
      capabilities: { drop: ['ALL'] },
    });
    expect(container!.resources?.limits).toHaveProperty('memory');
    expect(container!.resources?.requests).toHaveProperty('cpu');
    expect(container!.args).toEqual(['plan', '--drift', '--compare-material', '--detailed-exitcode', '-f', '/desired']);
    const token = container!.env?.find((variable) => variable.name === 'APINIZER_TOKEN');
    expect(token?.valueFrom?.secretKeyRef).toEqual({ name: 'apinizer-keys-drift', key: 'token' });
    expect(container!.volumeMounts).toContainEqual({ name: 'desired', mountPath: '/desired', readOnly: true });
  });
});
