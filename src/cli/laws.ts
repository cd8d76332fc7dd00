/** `scalecast laws` and `scalecast laws show ID`: the catalog of published laws. */
import { commandArgv, out } from "../node/io.js";
import { documentHeader } from "../core/documentHeader.js";
import { Command } from "commander";
import { DEFAULT_PLAN_LAW, PUBLISHED_LAWS, publishedLaw, type PublishedLaw } from "../core/catalog/publishedLaws.js";
import { getLaw } from "../core/laws/registry.js";
import { userInput } from "./errors.js";
import { formatNumber, table } from "./format.js";

export function lawsCommand(): Command {
  const cmd = new Command("laws").description("list the published scaling laws scalecast knows (plan --published ID)")
    .option("--json", "print JSON")
    .action((opts: { json?: boolean }) => {
      if (opts.json) { out(JSON.stringify({ ...documentHeader("laws", commandArgv()), laws: PUBLISHED_LAWS.map(asJson) }, null, 2) + "\n"); return; }
      const rows = [["id", "what", "N counts"], ...PUBLISHED_LAWS.map((l) => [l.id + (l.id === DEFAULT_PLAN_LAW ? " (default)" : ""), l.title, l.paramConvention])];
      out(table(rows, "") + "\n");
    });
  cmd.command("show").argument("<id>", "law id from `scalecast laws`").option("--json", "print JSON")
    .description("formula, constants and provenance of one published law")
    .action((id: string, opts: { json?: boolean }, show: Command) => {
      const entry = userInput(() => publishedLaw(id));
      const json = opts.json === true || show.parent?.opts().json === true; // `laws show ID --json`: the flag may land on the parent
      out(json ? JSON.stringify({ ...documentHeader("laws show", commandArgv()), law: asJson(entry) }, null, 2) + "\n" : renderLaw(entry) + "\n");
    });
  return cmd;
}

/** A catalog entry as JSON: an allocation rule's N*(C), D*(C) under `powerLaws`, as in isoflop and envelope. */
function asJson(e: PublishedLaw): unknown {
  if (!e.rule) return e;
  const { params, tokens, ...rule } = e.rule;
  return { ...e, rule: { ...rule, powerLaws: { ...(params ? { params } : {}), ...(tokens ? { tokens } : {}) } } };
}

export function renderLaw(e: PublishedLaw): string {
  const out = [`${e.id}: ${e.title}`, `  paper:   ${e.citation}`, `  source:  ${e.source}`, `  N:       ${e.paramConvention} parameters`, `  setup:   ${e.setup}`];
  if (e.law) {
    const law = getLaw(e.law.lawId, e.law.options);
    out.push(`  law:     ${law.formula}   (scalecast law ${law.id})`);
    out.push(table(Object.entries(e.law.values).map(([k, v]) => [k, formatNumber(v, 8)]), "             "));
  }
  if (e.rule) {
    const r = e.rule;
    if (r.params) out.push(`  N*(C) = ${r.params.coefficient} · C^${r.params.exponent}   (C in ${r.flopsUnit})`);
    if (r.tokens) out.push(`  D*(C) = ${r.tokens.coefficient} · C^${r.tokens.exponent}   (C in ${r.flopsUnit})`);
    if (r.note) out.push(`  rule:    ${r.note}`);
  }
  if (e.constants) out.push("  constants:", table(Object.entries(e.constants).map(([k, v]) => [k, formatNumber(v, 8)]), "    "));
  for (const n of e.notes ?? []) out.push(`  note: ${n}`);
  return out.join("\n");
}
