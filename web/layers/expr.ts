import type { ExpressionSpecification } from 'maplibre-gl'

/** A MapLibre expression built as a plain array (the colour and class rules are shared with the PDF, which has no MapLibre types). */
export const expr = (e: readonly unknown[]): ExpressionSpecification => e as ExpressionSpecification
