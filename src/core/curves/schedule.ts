/**
 * Learning-rate schedules rebuilt per step from a spec (issue 15): a curve
 * law's prediction at step t reads the learning rate at every step up to t,
 * not only at the logged ones.
 *
 * A spec is `KIND:FIELD=VALUE,…`. Every kind takes `steps` (the schedule's
 * length; steps 0 … steps − 1), `peak` and optionally `warmup` (W steps of a
 * linear rise from 0: η_i = peak·i/(W − 1) for i < W, as numpy's
 * linspace(0, peak, W) in Luo et al.'s code). After the warmup:
 *
 * - `constant`: η = peak;
 * - `cosine` (`final`): η_s = final + ½(peak − final)(1 + cos(π(s − W)/(steps − W)));
 * - `wsd` (`decay-start` D, `final`, `shape` linear | geometric | cosine): peak until D, then over u = (s − D)/(steps − D)
 *   linear peak(1 − u) + final·u, geometric peak^(1−u)·final^u, or cosine final + ½(peak − final)(1 + cos πu);
 * - `multistep` (`at` = STEP:LR;STEP:LR…): peak, then each LR from its step on.
 *
 * Unknown kinds or fields, missing fields and values out of range are refused by name.
 */
export class ScheduleSpecError extends RangeError {
  override name = "ScheduleSpecError";
}

const FIELDS: Record<string, readonly string[]> = {
  constant: ["steps", "peak", "warmup"],
  cosine: ["steps", "peak", "final", "warmup"],
  wsd: ["steps", "peak", "final", "warmup", "decay-start", "shape"],
  multistep: ["steps", "peak", "warmup", "at"],
};

export interface ScheduleSpec {
  kind: "constant" | "cosine" | "wsd" | "multistep";
  steps: number;
  peak: number;
  warmup: number;
  final?: number;
  decayStart?: number;
  shape?: "linear" | "geometric" | "cosine";
  at?: Array<[number, number]>;
}

/** Reads a spec string. Throws ScheduleSpecError naming the bad part. */
export function parseScheduleSpec(text: string): ScheduleSpec {
  const m = /^\s*([a-z]+)\s*:(.*)$/.exec(text);
  if (!m) throw new ScheduleSpecError(`schedule "${text}": expected KIND:FIELD=VALUE,… with KIND one of ${Object.keys(FIELDS).join(", ")}`);
  const kind = m[1];
  if (!Object.hasOwn(FIELDS, kind)) throw new ScheduleSpecError(`schedule "${text}": unknown kind "${kind}"; known: ${Object.keys(FIELDS).join(", ")}`);
  const fields = new Map<string, string>();
  for (const part of m[2].split(",").map((p) => p.trim()).filter(Boolean)) {
    const kv = /^([a-z-]+)=(.+)$/.exec(part);
    if (!kv) throw new ScheduleSpecError(`schedule "${text}": "${part}" is not FIELD=VALUE`);
    if (!FIELDS[kind].includes(kv[1])) throw new ScheduleSpecError(`schedule "${text}": unknown field "${kv[1]}" for ${kind}; its fields: ${FIELDS[kind].join(", ")}`);
    fields.set(kv[1], kv[2].trim());
  }
  const num = (name: string, required: boolean): number | undefined => {
    const v = fields.get(name);
    if (v === undefined) { if (required) throw new ScheduleSpecError(`schedule "${text}": ${kind} needs ${name}`); return undefined; }
    const x = Number(v);
    if (!Number.isFinite(x)) throw new ScheduleSpecError(`schedule "${text}": ${name} = "${v}" is not a number`);
    return x;
  };
  const steps = num("steps", true)!, peak = num("peak", true)!, warmup = num("warmup", false) ?? 0;
  if (!Number.isInteger(steps) || steps < 2) throw new ScheduleSpecError(`schedule "${text}": steps must be a whole number ≥ 2, got ${steps}`);
  if (!(peak > 0)) throw new ScheduleSpecError(`schedule "${text}": peak must be > 0, got ${peak}`);
  if (!Number.isInteger(warmup) || warmup < 0 || warmup >= steps) throw new ScheduleSpecError(`schedule "${text}": warmup must be a whole number from 0 to steps − 1, got ${warmup}`);
  const spec: ScheduleSpec = { kind: kind as ScheduleSpec["kind"], steps, peak, warmup };
  if (kind === "cosine" || kind === "wsd") {
    spec.final = num("final", true)!;
    if (!(spec.final >= 0 && spec.final <= peak)) throw new ScheduleSpecError(`schedule "${text}": final must be from 0 to peak, got ${spec.final}`);
  }
  if (kind === "wsd") {
    spec.decayStart = num("decay-start", true)!;
    if (!Number.isInteger(spec.decayStart) || spec.decayStart < warmup || spec.decayStart >= steps) throw new ScheduleSpecError(`schedule "${text}": decay-start must be a whole step from warmup to steps − 1, got ${spec.decayStart}`);
    const shape = fields.get("shape") ?? "linear";
    if (!["linear", "geometric", "cosine"].includes(shape)) throw new ScheduleSpecError(`schedule "${text}": shape must be linear, geometric or cosine, got "${shape}"`);
    if (shape === "geometric" && !(spec.final! > 0)) throw new ScheduleSpecError(`schedule "${text}": a geometric decay needs final > 0`);
    spec.shape = shape as ScheduleSpec["shape"];
  }
  if (kind === "multistep") {
    const at = fields.get("at");
    if (at === undefined) throw new ScheduleSpecError(`schedule "${text}": multistep needs at=STEP:LR;STEP:LR…`);
    spec.at = at.split(";").map((p) => {
      const [s, lr] = p.split(":").map(Number);
      if (!Number.isInteger(s) || s < warmup || s >= steps || !(lr > 0)) throw new ScheduleSpecError(`schedule "${text}": "${p}" is not STEP:LR with a step from warmup to steps − 1 and LR > 0`);
      return [s, lr] as [number, number];
    }).sort((a, b) => a[0] - b[0]);
  }
  return spec;
}

/** The learning rate at every step 0 … steps − 1. O(steps). */
export function scheduleSteps(spec: ScheduleSpec): Float64Array {
  const { steps, peak, warmup: W } = spec;
  const eta = new Float64Array(steps);
  for (let i = 0; i < W; i++) eta[i] = W === 1 ? peak : (peak * i) / (W - 1);
  for (let s = W; s < steps; s++) {
    switch (spec.kind) {
      case "constant": eta[s] = peak; break;
      case "cosine": eta[s] = spec.final! + 0.5 * (peak - spec.final!) * (1 + Math.cos((Math.PI * (s - W)) / (steps - W))); break;
      case "wsd": {
        const D = spec.decayStart!;
        if (s < D) { eta[s] = peak; break; }
        const u = (s - D) / (steps - D), f = spec.final!;
        eta[s] = spec.shape === "geometric" ? peak ** (1 - u) * f ** u : spec.shape === "cosine" ? f + 0.5 * (peak - f) * (1 + Math.cos(Math.PI * u)) : peak * (1 - u) + f * u;
        break;
      }
      case "multistep": {
        let v = peak;
        for (const [at, lr] of spec.at!) if (s >= at) v = lr;
        eta[s] = v;
        break;
      }
    }
  }
  return eta;
}
