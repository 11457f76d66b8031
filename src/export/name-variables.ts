/**
 * Environment-variable names for exported keys: `PROJECT_KEY_ENVIRONMENT`, upper case,
 * every run of other characters as one `_`, unique within one export.
 */
export function createVariableNamer(): (project: string, key: string, environment: string) => string {
  const taken = new Set<string>();
  return (project, key, environment) => {
    const base = [project, key, environment]
      .map((part) =>
        part
          .normalize('NFKD')
          .toUpperCase()
          .replace(/[^A-Z0-9]+/g, '_')
          .replace(/^_+|_+$/g, ''),
      )
      .filter((part) => part !== '')
      .join('_');
    const safe = /^[A-Z_]/.test(base) ? base : `KEY_${base}`;
    let name = safe;
    for (let n = 2; taken.has(name); n += 1) name = `${safe}_${n}`;
    taken.add(name);
    return name;
  };
}
