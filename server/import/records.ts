// The import's records and errors, shared by the CSV reader and the parsers (apart, so neither imports the other).

/** A whole file that cannot be used: the import writes nothing. */
export class ImportFileError extends Error {
  constructor(
    public field: string,
    message: string,
  ) {
    super(message)
  }
}

export interface RowError {
  line: number
  field: string
  message: string
}

/** One input record, its fields as text (or null when absent), and where it was in the file. */
export interface RawRecord {
  line: number
  fields: Record<string, string | null>
}
