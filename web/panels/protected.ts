import { t } from '../i18n/index.ts'
import type { Me } from '../session.ts'
import { h } from './dom.ts'
import { esc } from './tooltip.ts'

/**
 * A protected reader (a viewer, privacy.k > 0) receives every figure as a published cell of the cell-key method
 * (server/domain/disclosure.ts): perturbed by up to ±2, withheld from 1 to k − 1. Wherever such figures are shown,
 * these say so.
 */
export const isProtected = (user: Pick<Me, 'privacy'>) => user.privacy.k > 0

/** "Protected figures: counts are published with small random changes …" in the current language. */
export const protectedText = (k: number) => t('privacy.protectedNote', { k1: String(k - 1) })

/** The note as a paragraph (the PNG export reads it from the legends as a note). */
export const protectedNote = (k: number) => h('p', { class: 'privacy-note protected-note' }, protectedText(k))

/** The small "protected" badge next to a figure. */
export const protectedBadge = () => h('span', { class: 'protected-badge', title: t('privacy.protectedTitle') }, t('privacy.protectedBadge'))

/** The badge and the note as tooltip HTML. */
export const protectedBadgeHtml = () => ` <span class="protected-badge">${esc(t('privacy.protectedBadge'))}</span>`
export const protectedNoteHtml = (k: number) => `<span class="tip-note">${esc(protectedText(k))}</span>`
