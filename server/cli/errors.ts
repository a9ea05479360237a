/** A user mistake in the input or options: the CLI prints its message as one line and exits 2. */
export class InputError extends Error {}
