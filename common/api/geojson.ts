import { z } from 'zod'

/** GeoJSON pieces of the API's answers (geometry kept loose: the map hands it to its layers as is). */
export const lonLat = z.tuple([z.number(), z.number()])
export const pointGeometry = z.strictObject({
  type: z.literal('Point'),
  coordinates: z.tuple([z.number().nullable(), z.number().nullable()]),
})
export const geometry = z.strictObject({ type: z.string(), coordinates: z.array(z.unknown()) })
/** Counts per criterion ('1'…'5'); null when withheld for a viewer. */
export const byCriterion = z.record(z.string(), z.number().nullable()).meta({ example: { '1': 3, '2': 0, '3': 1, '4': 0, '5': 2 } })
export const bbox = z.tuple([z.number(), z.number(), z.number(), z.number()])
