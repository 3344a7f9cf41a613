import { z } from 'zod';

/** One variable that failed validation. */
export interface ConfigIssue {
  variable: string;
  problem: 'missing' | 'malformed';
  /** What the variable expects, from the schema field's description. */
  expected: string;
  /** The validator's own words (never the value itself, which may hold a password). */
  reason: string;
}

/** Thrown by loadConfig; its message names each bad variable and what it expects. */
export class ConfigValidationError extends Error {
  constructor(readonly issues: ConfigIssue[]) {
    super(
      `Invalid configuration (${issues.length} variable${issues.length === 1 ? '' : 's'}):\n` +
        issues
          .map((issue) =>
            issue.problem === 'missing'
              ? `  - ${issue.variable} is missing: expected ${issue.expected}`
              : `  - ${issue.variable} is malformed (${issue.reason}): expected ${issue.expected}`,
          )
          .join('\n'),
    );
    this.name = 'ConfigValidationError';
  }
}

function describeField(schema: z.ZodObject, variable: string): string {
  const field = schema.shape[variable] as z.ZodType | undefined;
  return field?.description ?? 'a valid value';
}

/**
 * Validates `env` against a service's config schema and returns the typed configuration; throws a
 * ConfigValidationError naming every missing or malformed variable. Pure: reads nothing but its arguments.
 */
export function loadConfig<S extends z.ZodObject>(
  schema: S,
  env: Readonly<Record<string, string | undefined>>,
): z.infer<S> {
  // An empty or blank variable means "unset", so optional variables fall back to their defaults.
  const present: Record<string, string> = {};
  for (const [key, value] of Object.entries(env))
    if (value !== undefined && value.trim() !== '') present[key] = value.trim();

  const result = schema.safeParse(present);
  if (result.success) return result.data;

  const byVariable = new Map<string, ConfigIssue>();
  for (const issue of result.error.issues) {
    const variable = String(issue.path[0] ?? '(root)');
    if (byVariable.has(variable)) continue;
    byVariable.set(variable, {
      variable,
      problem: present[variable] === undefined ? 'missing' : 'malformed',
      expected: describeField(schema, variable),
      reason: issue.message,
    });
  }
  throw new ConfigValidationError([...byVariable.values()]);
}
