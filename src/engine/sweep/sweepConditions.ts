// The conditions a sweep evaluates, resolved and checked from the request: corruptions × severities, FGSM ε, occlusion holes, OOD sets.
import { basename, resolve } from 'node:path';
import type { OodFolderTag, SweepCondition, SweepOodFolder, SweepParams, SweepParameterSet } from '../../protocol/sweep';
import { FGSM_EPSILON } from '../adversarial';
import { checkEpsilons } from '../adversarial/fgsm';
import { CORRUPTIONS, SEVERITIES, describeCorruption, type CorruptionName, type Severity } from '../corruptions';
import { UserFacingError } from '../errors';
import { DEFAULT_HOLE_SIZE_COUNT, OCCLUSION_MODES, type OcclusionMode } from '../occlusion';
import { SYNTHETIC_OOD_KINDS } from '../uncertainty';

/** The name of the OOD set read from the user's one folder of `oodFolder` (requests and records written before oodFolders). */
export const OOD_FOLDER_SET = 'folder';

/** A user OOD folder resolved to the set it is reported as. */
export interface OodFolderSet {
  set: string;
  path: string;
  tag: OodFolderTag | null;
}

export interface SweepConditions {
  corruptions: CorruptionName[];
  severities: Severity[];
  epsilons: number[];
  /** Hole sizes as fractions of the side, 0 to 1 in even steps; empty without occlusion. */
  holeFractions: number[];
  /** Built-in sets first, then the user's folders' sets in the order given. */
  oodSets: string[];
  /** The user's OOD folders, in the order given. */
  oodFolders: OodFolderSet[];
  seed: number;
  jpegRoundTrip: boolean;
  /** The forced table, or null to choose by input size. */
  forcedParameterSet: SweepParameterSet | null;
}

function checkedCorruptions(names: readonly string[] | undefined): CorruptionName[] {
  if (!names) return CORRUPTIONS.map((c) => c.name);
  const known = new Set<string>(CORRUPTIONS.map((c) => c.name));
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length) throw new UserFacingError(`Unknown corruption ${unknown.map((n) => `"${n}"`).join(', ')}. Known: ${[...known].join(', ')}.`, 'bad-input');
  // In the benchmark's order, each once, whatever order they were asked in.
  return CORRUPTIONS.map((c) => c.name).filter((n) => names.includes(n));
}

function checkedSeverities(values: readonly number[] | undefined): Severity[] {
  if (!values) return [...SEVERITIES];
  if (values.length === 0) throw new UserFacingError('Name at least one corruption severity (1 to 5).', 'bad-input');
  for (const s of values) if (!SEVERITIES.includes(s as Severity)) throw new UserFacingError(`Corruption severity must be an integer from 1 to 5, got ${s}.`, 'bad-input');
  return SEVERITIES.filter((s) => values.includes(s));
}

function checkedSeed(seed: number | undefined): number {
  const value = seed ?? 0;
  if (!Number.isSafeInteger(value)) throw new UserFacingError(`The seed must be a whole number, got ${value}.`, 'bad-input');
  return value;
}

/** The user's OOD folders as sets: each named by its folder name, which must be unique and not a built-in set's; a lone `oodFolder` is the set 'folder'. */
export function oodFolderSets(params: Pick<SweepParams, 'oodFolder' | 'oodFolders'>): OodFolderSet[] {
  if (params.oodFolder && params.oodFolders?.length) throw new UserFacingError('Name the OOD folders in oodFolders only, not in oodFolder too.', 'bad-input');
  if (params.oodFolder) return [{ set: OOD_FOLDER_SET, path: resolve(params.oodFolder), tag: null }];
  const sets = (params.oodFolders ?? []).map((f) => ({ set: basename(resolve(f.path)), path: resolve(f.path), tag: f.tag ?? null }));
  const builtIn = new Set<string>(SYNTHETIC_OOD_KINDS);
  for (const [i, f] of sets.entries()) {
    if (builtIn.has(f.set)) throw new UserFacingError(`The OOD folder ${f.path} is named like the built-in set "${f.set}"; rename the folder or link it under another name.`, 'bad-input');
    const twin = sets.findIndex((g) => g.set === f.set);
    if (twin !== i) throw new UserFacingError(`The OOD folders ${sets[twin].path} and ${f.path} share the name "${f.set}", which names their rows; rename one or link it under another name.`, 'bad-input');
  }
  return sets;
}

/** The folders as a request (and a shard record) states them, resolved. */
export function oodFolderRequest(sets: readonly OodFolderSet[]): SweepOodFolder[] {
  return sets.map(({ path, tag }) => ({ path, ...(tag ? { tag } : {}) }));
}

/** The fields of a request that choose its conditions. */
export type SweepConditionParams = Pick<SweepParams, 'corruptions' | 'severities' | 'fgsmEpsilons' | 'occlusion' | 'ood' | 'oodFolder' | 'oodFolders' | 'seed' | 'jpegRoundTrip' | 'parameterSet'>;

/** Checks the request's analyses and fills in the defaults. */
export function sweepConditions(params: SweepConditionParams): SweepConditions {
  const epsilons = [...new Set(params.fgsmEpsilons ?? [])].sort((a, b) => a - b);
  if (epsilons.length) checkEpsilons(epsilons);
  const holeFractions = params.occlusion ? Array.from({ length: DEFAULT_HOLE_SIZE_COUNT }, (_, i) => i / (DEFAULT_HOLE_SIZE_COUNT - 1)) : [];
  const oodFolders = oodFolderSets(params);
  const oodSets = [...(params.ood === false ? [] : SYNTHETIC_OOD_KINDS), ...oodFolders.map((f) => f.set)];
  return {
    corruptions: checkedCorruptions(params.corruptions), severities: checkedSeverities(params.severities), epsilons, holeFractions, oodSets, oodFolders,
    seed: checkedSeed(params.seed), jpegRoundTrip: params.jpegRoundTrip ?? false, forcedParameterSet: params.parameterSet ?? null,
  };
}

/** The ε of the summary's FGSM column: 8/255 when it was swept, else the largest ε. */
export function summaryEpsilon(epsilons: readonly number[]): number | null {
  if (epsilons.length === 0) return null;
  return epsilons.find((e) => Math.abs(e - FGSM_EPSILON) < 1e-9) ?? epsilons[epsilons.length - 1];
}

export const conditionKey = {
  clean: (): string => 'clean',
  corruption: (name: CorruptionName, severity: Severity): string => `${name}/${severity}`,
  fgsm: (epsilon: number): string => `fgsm/${Number((epsilon * 255).toFixed(4))}`,
  occlusion: (mode: OcclusionMode, fraction: number): string => `occlusion/${mode}/${Number(fraction.toFixed(4))}`,
  ood: (set: string): string => `ood/${set}`,
};

/** Every condition in the order a batch runs them. */
export function conditionList(c: SweepConditions, height: number, width: number): SweepCondition[] {
  const conditions: SweepCondition[] = [{ kind: 'clean', key: conditionKey.clean(), label: 'clean' }];
  for (const name of c.corruptions) {
    for (const severity of c.severities) {
      const { displayName } = describeCorruption(name, severity, height, width, { parameterSet: c.forcedParameterSet ?? undefined });
      conditions.push({ kind: 'corruption', key: conditionKey.corruption(name, severity), label: `${displayName}, severity ${severity}`, corruption: name, severity });
    }
  }
  for (const epsilon of c.epsilons) conditions.push({ kind: 'fgsm', key: conditionKey.fgsm(epsilon), label: `FGSM ε = ${Number((epsilon * 255).toFixed(3))}/255`, epsilon });
  for (const mode of OCCLUSION_MODES) {
    for (const holeFraction of c.holeFractions) {
      conditions.push({ kind: 'occlusion', key: conditionKey.occlusion(mode, holeFraction), label: `occlusion, ${mode} hole ${Math.round(holeFraction * 100)}% of the side`, mode, holeFraction });
    }
  }
  for (const set of c.oodSets) conditions.push({ kind: 'ood', key: conditionKey.ood(set), label: `OOD set ${set}`, set });
  return conditions;
}
