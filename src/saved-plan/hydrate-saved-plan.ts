import { fromPlanDocument } from '../core/model/plan-document.js';
import { materialKey, type MaterialTable } from '../core/model/material.js';
import type { Plan, PlanEntry } from '../core/model/plan.js';
import type { SavedPlanFile } from './saved-plan-file.js';
import { stale } from './verify-saved-plan.js';

/**
 * The saved plan's own entries, ready to execute: the file holds no material, so each
 * environment a create or whole-key update sends gets the material resolved now, which
 * the caller has checked against the saved fingerprints. This is what `apply FILE` runs,
 * so it executes exactly the plan that was reviewed.
 */
export function hydrateSavedPlan(saved: SavedPlanFile, materials: MaterialTable): Plan {
  const plan = fromPlanDocument(saved.planDocument);
  return { ...plan, entries: plan.entries.map((entry) => withMaterial(entry, materials)) };
}

function withMaterial(entry: PlanEntry, materials: MaterialTable): PlanEntry {
  if (entry.action !== 'create' && !(entry.action === 'update' && entry.sends === 'everything')) return entry;
  const environments = entry.spec.environments.map((environment) => {
    const material = materials.get(materialKey(entry.project, entry.key, environment.name));
    if (material === undefined)
      throw stale(`the material of ${entry.address} in environment ${environment.name} is not available now.`, []);
    return { ...environment, material };
  });
  return { ...entry, spec: { ...entry.spec, environments } };
}
