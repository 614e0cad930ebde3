// A streaming CSV reader (RFC 4180: commas, double quotes, "" inside quotes, CRLF or LF): fed chunk by
// chunk, it hands back the records completed so far, so a file of any size never sits in memory whole.

export interface CsvRecord {
  /** The line the record starts on, 1 for the header. */
  line: number;
  fields: string[];
}

/** Longer fields are refused (a RangeError): no real name or address comes near it. */
const maxFieldLength = 10_000;

export class CsvReader {
  private field = '';
  private fields: string[] = [];
  private quoted = false;
  /** Inside quotes, a quote was just seen: either the closing one or the first of "". */
  private quotePending = false;
  private line = 1;
  private recordLine = 1;
  private hasContent = false;

  /** Parses `text` and returns every record it completed. */
  push(text: string): CsvRecord[] {
    const records: CsvRecord[] = [];
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      if (this.quoted) {
        if (this.quotePending) {
          this.quotePending = false;
          if (c === '"') {
            this.field += '"';
            continue;
          }
          this.quoted = false;
        } else {
          if (c === '"') this.quotePending = true;
          else {
            if (c === '\n') this.line += 1;
            this.field += c;
          }
          continue;
        }
      }
      if (c === '"' && this.field === '') {
        this.quoted = true;
        this.hasContent = true;
      } else if (c === ',') {
        this.fields.push(this.field);
        this.field = '';
        this.hasContent = true;
      } else if (c === '\n') {
        this.endRecord(records);
        this.line += 1;
        this.recordLine = this.line;
      } else if (c !== '\r') {
        this.field += c;
        this.hasContent = true;
      }
      if (this.field.length > maxFieldLength) throw new RangeError(`A field on line ${this.line} is longer than ${maxFieldLength} characters`);
    }
    return records;
  }

  /** The last record when the input does not end with a newline. */
  end(): CsvRecord[] {
    const records: CsvRecord[] = [];
    this.quotePending = false;
    this.quoted = false;
    this.endRecord(records);
    return records;
  }

  private endRecord(records: CsvRecord[]): void {
    if (this.hasContent) records.push({ line: this.recordLine, fields: [...this.fields, this.field] });
    this.fields = [];
    this.field = '';
    this.hasContent = false;
  }
}
