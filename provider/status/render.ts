// The status report as a person reads it: Markdown (a pull-request comment or a job summary), JSON
// (for other tools), and an SVG timeline: one bar per offer from its start to its end, the accept-by
// date marked, states in colour, today as a line.
import { ATTENTION, daysBetween, type StatusReport, type StatusRow } from "./report";

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

export function renderMarkdown(report: StatusReport): string {
  const lines: string[] = [`## Private offers on ${report.today}`, ""];
  const needing = report.rows.filter((row) => row.attention.length > 0);
  if (report.rows.length === 0) {
    lines.push("The account has no private offers.", "");
    return lines.join("\n");
  }
  lines.push(
    needing.length === 0
      ? `Nothing needs attention (accept-by within ${ATTENTION.acceptByWithinDays} days, ending within ${ATTENTION.endingWithinDays}, withdrawn but still in the stack, drafts older than a week).`
      : `**${needing.length} offer${needing.length === 1 ? " needs" : "s need"} attention:**`,
    "",
  );
  for (const row of needing) lines.push(`- **${cell(row.name)}** (${row.id}): ${row.attention.map((a) => a.message).join("; ")}`);
  if (needing.length > 0) lines.push("");
  if (!report.stackKnown) lines.push("_Withdrawn offers are not compared with a stack: pass `--stack-state` with `pulumi stack export` output._", "");
  lines.push("| offer | type | state | customer or partner | accept by | ends | progress |", "|---|---|---|---|---|---|---|");
  for (const row of report.rows) {
    const flag = row.attention.length > 0 ? " ⚠" : "";
    lines.push(
      `| ${cell(row.name)}${flag} | ${row.type} | ${row.state}${row.subState ? ` (${row.subState})` : ""} | ${cell(row.counterparty)} | ${row.acceptBy ?? "-"} | ${row.end ?? "-"} | ${cell(row.progress)} |`,
    );
  }
  lines.push("");
  return lines.join("\n");
}

export function renderJson(report: StatusReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

const COLOURS: Record<string, { fill: string; label: string }> = {
  accepted: { fill: "#1565c0", label: "accepted" },
  live: { fill: "#2e7d32", label: "live, awaiting acceptance" },
  partner: { fill: "#6a1b9a", label: "live, awaiting the channel partner" },
  draft: { fill: "#9e9e9e", label: "draft" },
  withdrawn: { fill: "#ef6c00", label: "withdrawn" },
};

function colourOf(row: StatusRow): { fill: string; label: string } {
  const sub = (row.subState ?? "").toLowerCase();
  if (sub === "accepted") return COLOURS["accepted"]!;
  if (row.state === "live" && sub === "pendingpartneraction") return COLOURS["partner"]!;
  return COLOURS[row.state] ?? COLOURS["draft"]!;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** The timeline picture. Offers with a variable start begin at today; offers without an end run to the edge. */
export function renderSvg(report: StatusReport): string {
  const rows = report.rows;
  const labelWidth = 320;
  const chartWidth = 640;
  const width = labelWidth + chartWidth + 60;
  const rowHeight = 26;
  const top = 64;
  const height = top + Math.max(rows.length, 1) * rowHeight + 70;

  const dates = rows.flatMap((row) => [row.start, row.end, row.acceptBy].filter((d): d is string => d !== undefined));
  const first = [addDays(report.today, -14), ...dates].sort()[0]!;
  const last = [addDays(report.today, 60), ...dates].sort().at(-1)!;
  const from = `${first.slice(0, 7)}-01`;
  const span = Math.max(daysBetween(from, last) + 15, 30);
  const x = (date: string) => labelWidth + (Math.min(Math.max(daysBetween(from, date), 0), span) / span) * chartWidth;

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Segoe UI, Helvetica, Arial, sans-serif" font-size="12" role="img" aria-labelledby="title">`,
    `<title id="title">Private offers on ${report.today}: ${rows.length} offer${rows.length === 1 ? "" : "s"}, ${rows.filter((r) => r.attention.length > 0).length} needing attention</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="12" y="24" font-size="16" font-weight="600" fill="#212121">Private offers on ${report.today}</text>`,
  );
  // Month grid; labels every month when there is room, else every quarter, with the year in January.
  const monthWidth = (30.4 / span) * chartWidth;
  const labelEvery = monthWidth >= 44 ? 1 : monthWidth >= 22 ? 3 : 6;
  for (let month = from; daysBetween(from, month) <= span; ) {
    const mx = x(month);
    const [year, m] = month.split("-").map(Number) as [number, number];
    out.push(`<line x1="${mx.toFixed(1)}" y1="${top - 14}" x2="${mx.toFixed(1)}" y2="${height - 60}" stroke="#eeeeee"/>`);
    if ((m - 1) % labelEvery === 0) {
      out.push(`<text x="${(mx + 3).toFixed(1)}" y="${top - 18}" fill="#757575">${MONTHS[m - 1]}${m === 1 ? ` ${year}` : ""}</text>`);
    }
    month = `${m === 12 ? year + 1 : year}-${String(m === 12 ? 1 : m + 1).padStart(2, "0")}-01`;
  }
  rows.forEach((row, i) => {
    const y = top + i * rowHeight;
    const { fill, label } = colourOf(row);
    const name = row.name.length > 40 ? `${row.name.slice(0, 39)}…` : row.name;
    const warn = row.attention.length > 0;
    out.push(
      `<text x="12" y="${y + 16}" xml:space="preserve" fill="${warn ? "#c62828" : "#212121"}">${warn ? "⚠ " : ""}${escapeXml(name)}<tspan fill="#757575"> · ${escapeXml(row.type)}</tspan></text>`,
    );
    const startX = x(row.start ?? report.today);
    const endX = row.end ? x(row.end) : labelWidth + chartWidth;
    const barWidth = Math.max(endX - startX, 3);
    const tip = `${row.name}: ${label}${row.start ? `, from ${row.start}` : ", from acceptance"}${row.end ? ` to ${row.end}` : ""}${row.acceptBy ? `, accept by ${row.acceptBy}` : ""}${row.attention.length ? ` (${row.attention.map((a) => a.message).join("; ")})` : ""}`;
    out.push(
      `<rect x="${startX.toFixed(1)}" y="${y + 5}" width="${barWidth.toFixed(1)}" height="${rowHeight - 10}" rx="3" fill="${fill}"${warn ? ' stroke="#c62828" stroke-width="2"' : ""}><title>${escapeXml(tip)}</title></rect>`,
    );
    if (row.acceptBy) {
      const ax = x(row.acceptBy);
      const cy = y + rowHeight / 2;
      out.push(`<path d="M${ax.toFixed(1)} ${cy - 7} l6 7 l-6 7 l-6 -7 z" fill="#ffffff" stroke="#c62828" stroke-width="2"><title>${escapeXml(`${row.name}: accept by ${row.acceptBy}`)}</title></path>`);
    }
  });
  if (rows.length === 0) out.push(`<text x="12" y="${top + 16}" fill="#757575">The account has no private offers.</text>`);
  const todayX = x(report.today);
  out.push(
    `<line x1="${todayX.toFixed(1)}" y1="${top - 10}" x2="${todayX.toFixed(1)}" y2="${height - 60}" stroke="#212121" stroke-dasharray="4 3"/>`,
    `<text x="${(todayX + 4).toFixed(1)}" y="${height - 64}" fill="#212121">today</text>`,
  );
  // Legend.
  let lx = 12;
  const ly = height - 30;
  for (const { fill, label } of Object.values(COLOURS)) {
    out.push(`<rect x="${lx}" y="${ly - 10}" width="14" height="12" rx="2" fill="${fill}"/><text x="${lx + 20}" y="${ly}" fill="#424242">${label}</text>`);
    lx += 34 + label.length * 6.6;
  }
  out.push(
    `<path d="M${lx + 6} ${ly - 11} l6 7 l-6 7 l-6 -7 z" fill="#ffffff" stroke="#c62828" stroke-width="2"/><text x="${lx + 18}" y="${ly}" fill="#424242">accept by</text>`,
  );
  out.push("</svg>");
  return `${out.join("\n")}\n`;
}
