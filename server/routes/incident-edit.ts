import { createRoute, z } from '@hono/zod-openapi'
import { randomUUID } from 'node:crypto'
import { audit } from '../auth/audit.ts'
import type { FULL_ACCESS } from '../auth/roles.ts'
import { deleteIncident, rawIncident, updateIncident } from '../db/queries/edit-incidents.ts'
import { queryIncident } from '../db/queries/incidents.ts'
import { importIncidents, ImportFileError, ownId, placeRecord } from '../import/index.ts'
import { checkRecord } from '../import/validate.ts'
import { HttpError } from './errors.ts'
import { errorSchema } from './params.ts'
import { router, type Deps } from './deps.ts'
import { auditIncidentRead, toFeature } from './incidents.ts'

const idParam = z.object({
  id: z.coerce
    .number()
    .int()
    .min(1)
    .max(Number.MAX_SAFE_INTEGER)
    .openapi({ param: { name: 'id', in: 'path' }, type: 'integer' }),
})
const text = (max: number) => z.string().max(max, `at most ${max} characters`)
const fields = {
  criterion: z.number().int().min(1).max(5),
  subtype: text(60),
  occurred_at: text(40).openapi({ description: 'ISO 8601; without an offset, Phnom Penh time' }),
  description: text(2000).nullable(),
  village_code: z
    .string()
    .regex(/^\d{8}$/, 'a village code has 8 digits')
    .nullable(),
  village_name: text(200).nullable(),
  area_code: z
    .string()
    .regex(/^(\d{2}|\d{4}|\d{6})$/, 'a province, district or commune code')
    .nullable(),
  lon: z.number().min(-180).max(180).nullable(),
  lat: z.number().min(-90).max(90).nullable(),
}
const createBody = z
  .object({ external_id: text(200).optional(), source: text(100).optional(), ...fields })
  .partial({ description: true, village_code: true, village_name: true, area_code: true, lon: true, lat: true, subtype: true })
  .strict()
const patchBody = z
  .object(fields)
  .partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, { message: 'give at least one field to change', path: ['body'] })

const feature = z.object({}).passthrough()
const err = (d: string) => ({ description: d, content: { 'application/json': { schema: errorSchema } } })
const ok = (d: string) => ({ description: d, content: { 'application/geo+json': { schema: feature } } })

const one = createRoute({
  method: 'get',
  path: '/incidents/{id}',
  request: { params: idParam },
  responses: { 200: ok('One incident as a GeoJSON Feature'), 404: err('No such incident in your area') },
})
const create = createRoute({
  method: 'post',
  path: '/incidents',
  request: { body: { required: true, content: { 'application/json': { schema: createBody } } } },
  responses: {
    201: ok('Created'),
    400: err('Bad input, naming the field'),
    403: err('The place is outside your area'),
    409: err('external_id already stored'),
  },
})
const update = createRoute({
  method: 'patch',
  path: '/incidents/{id}',
  request: { params: idParam, body: { required: true, content: { 'application/json': { schema: patchBody } } } },
  responses: {
    200: ok('Updated'),
    400: err('Bad input'),
    403: err('The new place is outside your area'),
    404: err('No such incident in your area'),
  },
})
const remove = createRoute({
  method: 'delete',
  path: '/incidents/{id}',
  request: { params: idParam },
  responses: {
    200: { description: 'Deleted', content: { 'application/json': { schema: z.object({ deleted: z.number().int() }) } } },
    404: err('No such incident in your area'),
  },
})

const asText = (v: unknown) => (v == null ? null : String(v))

export function incidentEditRoutes({ db }: Deps) {
  const visible = async (id: number, access: typeof FULL_ACCESS) => {
    const r = await queryIncident(db, id, { access })
    if (!r) throw new HttpError(404, `no incident ${id} in your area`, 'id')
    return r
  }
  return router()
    .openapi(one, async (c) => {
      const r = await visible(c.req.valid('param').id, c.get('access'))
      await auditIncidentRead(c, db, { rows: 1, ids: [r.id] })
      return c.json(toFeature(r), 200, { 'content-type': 'application/geo+json' })
    })
    .openapi(create, async (c) => {
      const b = c.req.valid('json')
      const actor = c.get('actor')!
      const external_id = b.external_id?.trim() || `web-${randomUUID()}` // stored trimmed, as every import field is
      const props: Record<string, unknown> = { ...b, external_id }
      delete props.lon
      delete props.lat
      const doc = JSON.stringify({
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            geometry: b.lon != null && b.lat != null ? { type: 'Point', coordinates: [b.lon, b.lat] } : null,
            properties: props,
          },
        ],
      })
      // The row as stored, read inside the import's transaction (for the audit) once the insert commits.
      const stored: { id?: number } = {}
      try {
        const r = await importIncidents(db, doc, 'application/geo+json', {
          source: b.source ?? `web:${actor.username}`,
          user: actor,
          scope: actor.scope,
          onCommit: async (q, res) => {
            if (!res.inserted) return
            const created = (await rawIncident(q, { external_id: actor.scope ? ownId(actor.scope, external_id) : external_id }))!
            stored.id = created.id
            await audit(c, q, { action: 'create', entity: 'incident', entity_id: created.id, after: created })
          },
        })
        if (r.errors.length) {
          const e = r.errors[0]
          throw new HttpError(e.message.includes('outside your area') ? 403 : 400, e.message, e.field)
        }
        if (!r.inserted) throw new HttpError(409, `external_id ${external_id} is already stored`, 'external_id')
      } catch (e) {
        if (e instanceof ImportFileError) throw new HttpError(400, e.message, e.field)
        throw e
      }
      if (stored.id == null) throw new HttpError(409, `external_id ${external_id} is already stored`, 'external_id')
      return c.json(toFeature(await visible(stored.id, c.get('access'))), 201, { 'content-type': 'application/geo+json' })
    })
    .openapi(update, async (c) => {
      const { id } = c.req.valid('param')
      const p = c.req.valid('json')
      const actor = c.get('actor')!
      await visible(id, c.get('access'))
      const before = (await rawIncident(db, { id }))!
      const moved = p.village_code !== undefined || p.village_name !== undefined || p.lon !== undefined || p.lat !== undefined
      // The merged record goes through the same checks and placing as an import.
      const raw = {
        line: 1,
        fields: {
          external_id: before.external_id,
          occurred_at: p.occurred_at ?? before.occurred_at,
          criterion: String(p.criterion ?? before.criterion),
          subtype: p.subtype ?? before.subtype,
          description: p.description !== undefined ? p.description : before.description,
          lon: asText(moved ? p.lon : before.precision === 'exact' ? before.lon : null),
          lat: asText(moved ? p.lat : before.precision === 'exact' ? before.lat : null),
          village_code: moved ? (p.village_code ?? null) : before.precision === 'exact' ? null : before.village_code,
          village_name: moved ? (p.village_name ?? null) : null,
          area_code: p.area_code ?? null,
        },
      }
      const checked = checkRecord(raw)
      if ('errors' in checked) {
        const e = checked.errors[0]
        throw new HttpError(400, e.message, e.field)
      }
      const placed = await placeRecord(db, checked.ok, actor.scope)
      if ('error' in placed)
        throw new HttpError(placed.error.message.includes('outside your area') ? 403 : 400, placed.error.message, placed.error.field)
      await db.tx(async (q) => {
        await updateIncident(q, id, { ...placed.row, occurred_at: checked.ok.occurred_at })
        await audit(c, q, { action: 'update', entity: 'incident', entity_id: id, before, after: await rawIncident(q, { id }) })
      })
      return c.json(toFeature(await visible(id, c.get('access'))), 200, { 'content-type': 'application/geo+json' })
    })
    .openapi(remove, async (c) => {
      const { id } = c.req.valid('param')
      await visible(id, c.get('access'))
      await db.tx(async (q) => {
        const before = await rawIncident(q, { id })
        if (!before || !(await deleteIncident(q, id))) throw new HttpError(404, `no incident ${id}`, 'id')
        await audit(c, q, { action: 'delete', entity: 'incident', entity_id: id, before })
      })
      return c.json({ deleted: id }, 200)
    })
}
