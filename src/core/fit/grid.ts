import type { LawParameter } from "../laws/types.js";

/**
 * The multi-start grid: the Cartesian product of each parameter's declared
 * initialisation values (fit space), last parameter varying fastest.
 * Cost O(∏ |grid_j|); Chinchilla's Hoffmann grid is 6·6·5·5·5 = 4,500 starts.
 *
 * @example gridStarts([{ grid: [0, 1] }, { grid: [5] }] as LawParameter[]) // → [[0, 5], [1, 5]]
 */
export function gridStarts(parameters: ReadonlyArray<Pick<LawParameter, "grid" | "name">>): Float64Array[] {
  let starts: number[][] = [[]];
  for (const p of parameters) {
    if (p.grid.length === 0) throw new RangeError(`parameter ${p.name} declares no initialisation values`);
    const next: number[][] = [];
    for (const s of starts) for (const v of p.grid) next.push([...s, v]);
    starts = next;
  }
  return starts.map((s) => Float64Array.from(s));
}

/**
 * The law's start grid with some parameters' initialisation values replaced
 * (natural units, converted to fit space), e.g. to rerun a paper's own grid.
 * Throws a RangeError naming an unknown parameter or a value its space cannot hold.
 */
export function startsWith(parameters: ReadonlyArray<LawParameter>, overrides: Readonly<Record<string, readonly number[]>>): Float64Array[] {
  const names = parameters.map((p) => p.name);
  for (const name of Object.keys(overrides)) {
    if (!names.includes(name)) throw new RangeError(`--init ${name}: no free parameter "${name}"; the free parameters are ${names.join(", ")}`);
  }
  return gridStarts(parameters.map((p) => {
    const values = overrides[p.name];
    if (!values) return p;
    const grid = values.map((v) => {
      if (!Number.isFinite(v) || (p.space === "log" && !(v > 0))) throw new RangeError(`--init ${p.name}=${v}: ${p.space === "log" ? "must be > 0 (fitted in log space)" : "must be finite"}`);
      return p.space === "log" ? Math.log(v) : v;
    });
    return { name: p.name, grid };
  }));
}
