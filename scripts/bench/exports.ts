// Times the Excel exports that read the most (issue 13): /budget/export.xlsx (budgetWorkbook: the
// comparison and the bounded payment ledger) and /budget/progress.xlsx (progressWorkbook: the 进度款台账
// read in batch), on the reference seed in a scratch SQLite file, and the register's figures read the
// old way (contractProgress per contract, ~9 queries each) against the batch (projectClaimRegister, a
// fixed 9 queries). Figures, not pass/fail.
//   tsx scripts/bench/exports.ts [--cost N]
// --cost N adds the benchmark's cost side (cost-data.ts: 200 contracts with changes, monthly claims,
// N payments on and off contracts) to the seed: a medium set, seconds to build, not the large data.
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";

const root = path.resolve(import.meta.dirname, "../..");
const args = process.argv.slice(2);
const costAt = args.indexOf("--cost");
const costPayments = costAt >= 0 ? Number(args[costAt + 1]) : 0;
const RUNS = 5;

const file = path.join(root, "data", `bench-exports-${process.pid}.db`);
process.env.DATABASE_URL = `file:${file}`;
process.env.GROUNDWORK_TODAY ??= "2026-11-27";

function median(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Median and min wall time over RUNS, and the longest the event loop stood still meanwhile (what every other request waits). */
async function time<T>(
  label: string,
  work: () => Promise<T>,
  describe: (result: T) => string = () => ""
) {
  const samples: number[] = [];
  let last: T | undefined;
  const stalls = monitorEventLoopDelay({ resolution: 5 });
  stalls.enable();
  for (let run = 0; run < RUNS; run += 1) {
    const start = performance.now();
    last = await work();
    samples.push(performance.now() - start);
  }
  stalls.disable();
  const stall = stalls.max / 1e6;
  console.log(
    `${label.padEnd(60)} median ${median(samples)
      .toFixed(1)
      .padStart(8)} ms  (min ${Math.min(...samples).toFixed(
      1
    )}; longest loop stall ${stall.toFixed(0)} ms)  ${describe(last as T)}`
  );
}

async function main() {
  mkdirSync(path.dirname(file), { recursive: true });
  const remove = () => {
    for (const suffix of ["", "-wal", "-shm", "-journal"])
      rmSync(file + suffix, { force: true });
  };
  remove();
  try {
    execFileSync(
      path.join(root, "node_modules/.bin/prisma"),
      ["migrate", "deploy"],
      {
        cwd: root,
        env: { ...process.env, CHECKPOINT_DISABLE: "1" },
        stdio: "ignore",
      }
    );
    const { prisma } = await import("../../app/db.server");
    const { seedReferenceProject } = await import("../../prisma/seed");
    const { projectId } = await seedReferenceProject(prisma);
    if (costPayments > 0) {
      const Database = (await import("better-sqlite3")).default;
      const { generateCost } = await import("./cost-data");
      const db = new Database(file);
      db.pragma("journal_mode = WAL");
      generateCost(db, projectId, costPayments, 1);
      db.close();
    }
    const { budgetWorkbook } = await import(
      "../../app/models/cost/io/budget-export.server"
    );
    const { progressWorkbook } = await import(
      "../../app/models/cost/io/registers.server"
    );
    const { contractProgress, projectClaimRegister } = await import(
      "../../app/models/cost/progress.server"
    );

    const counts = {
      payments: await prisma.payment.count(),
      contracts: await prisma.contract.count({
        where: { claims: { some: {} } },
      }),
      claims: await prisma.progressClaim.count(),
    };
    console.log(
      `data: ${
        costPayments > 0
          ? `seed + cost side (${costPayments} payments asked)`
          : "reference seed"
      }: ${counts.payments} payments, ${
        counts.contracts
      } contracts with claims, ${counts.claims} claims; ${RUNS} runs each`
    );
    const size = (buffer: Buffer) => `${(buffer.length / 1024).toFixed(1)} KB`;
    await time(
      "budgetWorkbook (comparison + ledger ≤ 20,000)",
      () => budgetWorkbook(projectId, "zh"),
      size
    );
    const { paymentLedger } = await import("../../app/models/capital.server");
    await time(
      "  of which the ledger query (paymentLedger, 20,000)",
      () => paymentLedger(projectId, {}, 20_000),
      (rows) => `${rows.length} rows`
    );
    const { addLedgerSheet } = await import(
      "../../app/models/cost/io/ledger-export.server"
    );
    const { newWorkbook, toBuffer } = await import(
      "../../app/models/cost/io/workbook.server"
    );
    const sheets = () =>
      Promise.all(
        Array.from({ length: RUNS }, async () => {
          const w = newWorkbook();
          await addLedgerSheet(w, projectId, "zh");
          return w;
        })
      );
    const built = await sheets();
    await time(
      "  of which the ledger sheet's rows (addLedgerSheet)",
      async () => {
        const w = newWorkbook();
        await addLedgerSheet(w, projectId, "zh");
        return w;
      }
    );
    let next = 0;
    await time(
      "  of which writing the ledger sheet's file (toBuffer)",
      () => toBuffer(built[next++]),
      size
    );
    await time(
      "progressWorkbook (batch register)",
      () => progressWorkbook(projectId, "zh"),
      size
    );
    await time(
      "register figures, batch (projectClaimRegister)",
      () => projectClaimRegister(projectId),
      (r) => `${[...r.values()].flat().length} claims`
    );
    await time(
      "register figures, per contract (old: contractProgress × n)",
      async () => {
        const contracts = await prisma.contract.findMany({
          where: { line: { projectId }, claims: { some: {} } },
          select: { id: true },
        });
        const claims = [];
        for (const contract of contracts)
          claims.push(
            ...((await contractProgress(projectId, contract.id))?.claims ?? [])
          );
        return claims;
      },
      (claims) => `${claims.length} claims`
    );
    await prisma.$disconnect();
  } finally {
    remove();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
