// Offers files in CSV: one customer per offer, percentage discounts; rows that share `resource` add
// discounts. Parsed here, cell by cell, so that each cell keeps its position.
import type { PropertyPath } from "../schema/unknowns";
import { pathText, type Position, type Problem, type SourceFile, type SourceOffer } from "./sources";

/** The columns of an offers CSV file. */
export const CSV_COLUMNS = [
  "resource",
  "name",
  "customerId",
  "customerDescription",
  "product",
  "plan",
  "discountPercentage",
  "start",
  "end",
  "acceptBy",
  "preparedBy",
  "notificationContacts",
  "state",
  "notes",
] as const;
type Column = (typeof CSV_COLUMNS)[number];
/** Columns of the offer (the first row of an offer sets them; later rows leave them empty or repeat them). */
const OFFER_COLUMNS: readonly Column[] = ["name", "customerId", "customerDescription", "start", "end", "acceptBy", "preparedBy", "notificationContacts", "state", "notes"];

interface Cell extends Position {
  value: string;
}

/** RFC 4180 records with each cell's position; quoted cells may hold commas, quotes ("") and line breaks. */
export function parseCsv(text: string): { rows: Cell[][]; problems: Problem[] } {
  const rows: Cell[][] = [];
  const problems: Problem[] = [];
  let row: Cell[] = [];
  let line = 1;
  let column = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRow = () => {
    if (!(row.length === 1 && row[0]!.value === "")) rows.push(row);
    row = [];
  };
  while (i <= text.length) {
    const cell: Cell = { value: "", line, column };
    if (text[i] === '"') {
      i++;
      column++;
      let closed = false;
      while (i < text.length) {
        if (text[i] === '"' && text[i + 1] === '"') {
          cell.value += '"';
          i += 2;
          column += 2;
        } else if (text[i] === '"') {
          i++;
          column++;
          closed = true;
          break;
        } else {
          if (text[i] === "\n") {
            line++;
            column = 0;
          }
          cell.value += text[i];
          i++;
          column++;
        }
      }
      if (!closed) problems.push({ line: cell.line, column: cell.column, property: "(file)", message: "a quoted cell is not closed" });
      while (i < text.length && text[i] !== "," && text[i] !== "\n" && text[i] !== "\r") {
        if (!/\s/.test(text[i]!)) {
          problems.push({ line, column, property: "(file)", message: "text after a quoted cell: put the whole cell in quotes" });
          break;
        }
        i++;
        column++;
      }
      while (i < text.length && text[i] !== "," && text[i] !== "\n" && text[i] !== "\r") {
        i++;
        column++;
      }
    } else {
      while (i < text.length && text[i] !== "," && text[i] !== "\n" && text[i] !== "\r") {
        cell.value += text[i];
        i++;
        column++;
      }
      cell.value = cell.value.trim();
    }
    row.push(cell);
    if (i >= text.length) {
      endRow();
      break;
    }
    if (text[i] === ",") {
      i++;
      column++;
      continue;
    }
    if (text[i] === "\r" && text[i + 1] === "\n") i++;
    i++;
    line++;
    column = 1;
    endRow();
  }
  return { rows, problems };
}

function cellValue(column: Column, value: string): unknown {
  if (column === "discountPercentage") return value !== "" && Number.isFinite(Number(value)) ? Number(value) : value;
  if (column === "notificationContacts") return value.split(";").map((v) => v.trim()).filter(Boolean);
  return value;
}

export function readCsv(text: string): SourceFile {
  const { rows, problems } = parseCsv(text);
  const [header, ...records] = rows;
  if (!header) return { offers: [], problems: [...problems, { line: 1, column: 1, property: "(header)", message: `the file is empty: the first row names the columns (${CSV_COLUMNS.join(", ")})` }] };
  const index = new Map<Column, number>();
  header.forEach((cell, i) => {
    if ((CSV_COLUMNS as readonly string[]).includes(cell.value)) {
      if (index.has(cell.value as Column)) problems.push({ ...cell, property: cell.value, message: `the column ${cell.value} appears twice` });
      index.set(cell.value as Column, i);
    } else {
      problems.push({ ...cell, property: cell.value || `(column ${i + 1})`, message: `is not a column of an offers CSV file; the columns are ${CSV_COLUMNS.join(", ")}` });
    }
  });
  for (const required of ["resource", "product", "discountPercentage"] as const) {
    if (!index.has(required)) problems.push({ line: header[0]!.line, column: 1, property: required, message: `the column ${required} is missing` });
  }
  if (problems.length) return { offers: [], problems };

  const offerProblems: Problem[] = [];
  const grouped = new Map<string, Cell[][]>();
  for (const record of records) {
    const resource = record[index.get("resource")!];
    if (!resource || resource.value === "") {
      offerProblems.push({ line: record[0]!.line, column: 1, property: "resource", message: "is empty: every row names the offer it belongs to" });
      continue;
    }
    if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(resource.value)) {
      offerProblems.push({ ...resource, property: "resource", message: "must be a resource name: letters, digits, '-' or '_'" });
      continue;
    }
    grouped.set(resource.value, [...(grouped.get(resource.value) ?? []), record]);
  }

  const offers: SourceOffer[] = [];
  for (const [resource, offerRows] of grouped) {
    const first = offerRows[0]!;
    const at = (record: Cell[], column: Column): Cell | undefined => {
      const i = index.get(column);
      return i === undefined ? undefined : record[i];
    };
    const get = (record: Cell[], column: Column) => at(record, column)?.value ?? "";
    for (const record of offerRows.slice(1)) {
      for (const column of OFFER_COLUMNS) {
        const cell = at(record, column);
        if (cell && cell.value !== "" && cell.value !== get(first, column)) {
          offerProblems.push({ ...cell, property: `${resource}: ${column}`, message: `differs from the first row of ${resource} (line ${first[0]!.line}): leave it empty on the offer's later rows` });
        }
      }
    }
    const raw: Record<string, unknown> = { privateOfferType: "customerPromotion" };
    for (const column of ["name", "start", "end", "acceptBy", "preparedBy", "notificationContacts", "state", "notes"] as const) {
      const value = get(first, column);
      if (value !== "") raw[column] = cellValue(column, value);
    }
    if (!("start" in raw)) raw["variableStartDate"] = true;
    const customerId = get(first, "customerId");
    const description = get(first, "customerDescription");
    raw["beneficiaries"] = [{ id: customerId, ...(description ? { description } : {}) }];
    raw["pricing"] = offerRows.map((record) => {
      const plan = get(record, "plan");
      return { product: get(record, "product"), ...(plan ? { plan } : {}), discountType: "percentage", discountPercentage: cellValue("discountPercentage", get(record, "discountPercentage")) };
    });
    const cellOf = (path: PropertyPath): Cell | undefined => {
      const [top, i, field] = path;
      if (top === "pricing" && typeof i === "number" && offerRows[i]) {
        const column = (field === "product" || field === "plan" || field === "discountPercentage" ? field : "discountPercentage") as Column;
        return at(offerRows[i], column);
      }
      if (top === "beneficiaries") return at(first, field === "description" ? "customerDescription" : "customerId");
      if (top === "variableStartDate") return at(first, "start");
      return typeof top === "string" && (CSV_COLUMNS as readonly string[]).includes(top) ? at(first, top as Column) : undefined;
    };
    offers.push({
      resource,
      raw,
      describe(path) {
        const cell = cellOf(path);
        const column = cell ? header[columnIndexOf(offerRows, cell)]?.value : undefined;
        return `${resource}: ${pathText(path)}${column ? ` (column ${column})` : ""}`;
      },
      locate: (path) => {
        const cell = cellOf(path);
        return cell ? { line: cell.line, column: cell.column } : { line: first[0]!.line, column: 1 };
      },
    });
  }
  return { offers, problems, offerProblems };
}

/** The index of the column a cell is in. */
function columnIndexOf(rows: Cell[][], cell: Cell): number {
  for (const record of rows) {
    const i = record.indexOf(cell);
    if (i >= 0) return i;
  }
  return 0;
}
