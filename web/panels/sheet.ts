/**
 * Phones: the header's menu (who is logged in, the synthetic badge) and the panels' bottom sheet, each opened and
 * closed by a button that says whether it is open (aria-expanded). Desktop hides both buttons, so nothing changes there.
 */
export function initSheet() {
  const body = document.body
  const wire = (buttonId: string, cls: string) => {
    const button = document.getElementById(buttonId)
    if (!button) return (_open: boolean) => {}
    const set = (open: boolean) => {
      body.classList.toggle(cls, open)
      button.setAttribute('aria-expanded', String(open))
    }
    button.addEventListener('click', () => set(!body.classList.contains(cls)))
    return set
  }
  const setMenu = wire('menu-toggle', 'menu-open')
  const setSheet = wire('sheet-toggle', 'sheet-open')
  document.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape') return
    setMenu(false)
    if (body.classList.contains('sheet-open')) setSheet(false)
  })
  // Opening the policy panel (from a link or a tab) shows it: the sheet opens with it.
  let policy = body.classList.contains('policy-open')
  new MutationObserver(() => {
    const now = body.classList.contains('policy-open')
    if (now && !policy && matchMedia('(max-width: 700px)').matches) {
      setSheet(true)
      document.getElementById('sidebar')?.scrollTo(0, 0) // the panel moves to the top of the sheet
    }
    policy = now
  }).observe(body, { attributes: true, attributeFilter: ['class'] })
  if (policy && matchMedia('(max-width: 700px)').matches) setSheet(true)
}
