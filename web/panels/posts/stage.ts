import { isMessageKey, t } from '../../i18n/index.ts'

/** A job's status or stage from the server ("queued", "greedy", …) in the interface language; unknown ones as sent. */
export function stageLabel(stage: string): string {
  const key = `posts.stage.${stage.replace(/\s*\(.*\)$/, '').replace(/\s+/g, '-')}`
  return isMessageKey(key) ? t(key) : stage
}
