import type { Document, Node } from 'yaml';
import { formatLocation } from '../common/app-error.js';
import type { Violation } from './create-violations-error.js';
import { quoteAlways } from './format-path.js';
import { redactSecretLike } from './redact-secret-like.js';
import { keyText, type YamlLocator } from './yaml-locator.js';
import { loadYaml } from './yaml-runtime.js';

/**
 * Every key written twice in the same mapping, with both places. Done here in one pass
 * with a set per mapping rather than by `yaml`'s `uniqueKeys`, which compares each key
 * with all earlier ones: quadratic, minutes for a few hundred kilobytes of flat keys.
 * Keys compare as the property names they become, so `'1'` and `"1"` collide, as they
 * would in the parsed data (keys that are no string are refused before this runs).
 */
export function findDuplicateKeys(doc: Document, locator: YamlLocator): Violation[] {
  const { isMap, isScalar, visit } = loadYaml();
  const violations: Violation[] = [];
  visit(doc, {
    Map(_, map) {
      if (!isMap(map)) return;
      const seen = new Map<string, Node>();
      for (const pair of map.items) {
        // collection keys are stringified by toJS anyway; only scalar (and empty) keys are names
        if (pair.key !== null && !isScalar(pair.key)) continue;
        const name = keyText(pair.key);
        const first = seen.get(name);
        if (!first) {
          if (isScalar(pair.key)) seen.set(name, pair.key);
          continue;
        }
        violations.push({
          location: locateNode(pair.key, locator),
          message: `Duplicate key ${quoteAlways(redactSecretLike(name))} in one mapping, first declared at ${formatLocation(locateNode(first, locator))}.`,
        });
      }
    },
  });
  return violations;
}

function locateNode(node: unknown, locator: YamlLocator): ReturnType<YamlLocator['locateOffset']> {
  const range = loadYaml().isScalar(node) ? node.range : undefined;
  return range ? locator.locateOffset(range[0]) : locator.locateValue([]);
}
