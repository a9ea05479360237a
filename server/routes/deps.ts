import { OpenAPIHono } from '@hono/zod-openapi'
import type { Db } from '../db/types.ts'
import { validationError } from './errors.ts'

export interface Deps { db: Db; version: string }

/** A router whose validation failures answer 400 with the field and reason. */
export function router() {
  return new OpenAPIHono({
    defaultHook: (result, c) => {
      if (!result.success) return validationError(c, result.error, result.target)
    },
  })
}
