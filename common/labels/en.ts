/**
 * Every word the server writes (PDF, CSV/XLSX headers and titles, report HTML, method notes, demo names), in
 * English; km.ts has the same keys (the type checks it). `{name}` marks a value. Keys shared with the web's
 * catalogue (criterion.*, an.*) carry the same text there (tests/unit/vocabulary.test.ts).
 */
export const en = {
  policy: 'Safety Village/Commune/Sangkat policy',
  synthetic: 'SYNTHETIC DEMO DATA — not real incidents',
  cambodia: 'Cambodia',
  khmerName: '{name} (Khmer)',

  // Administrative areas, as column headers (the web's level.* are shorter).
  'area.province': 'Province',
  'area.district': 'District',
  'area.commune': 'Commune',
  'area.village': 'Village',
  'area.communes': 'Communes',
  'area.villages': 'Villages',

  // The five criteria (short labels; the same in web/i18n).
  'criterion.1': 'Theft, snatching, robbery',
  'criterion.2': 'Illegal drugs',
  'criterion.3': 'Prostitution, trafficking, domestic violence',
  'criterion.4': 'Gangs',
  'criterion.5': 'Illegal gambling, weapons, other crimes',

  // Hot-spot classes (common/hotspot-classes.ts; the same in web/i18n).
  'an.hot99': 'Hot spot, 99% confidence',
  'an.hot95': 'Hot spot, 95% confidence',
  'an.hot90': 'Hot spot, 90% confidence',
  'an.ns': 'Not significant',
  'an.cold90': 'Cold spot, 90% confidence',
  'an.cold95': 'Cold spot, 95% confidence',
  'an.cold99': 'Cold spot, 99% confidence',

  // Table columns (CSV, XLSX, printable HTML).
  'col.code': 'Code',
  'col.parentCode': 'Parent code',
  'col.provinceCode': 'Province code',
  'col.communeCode': 'Commune code',
  'col.name': 'Name',
  'col.place': 'Place',
  'col.lon': 'Longitude (centroid)',
  'col.lat': 'Latitude (centroid)',
  'col.population': 'Population',
  'col.populationComplete': 'Population complete',
  'col.incidents': 'Incidents',
  'col.incidentsIn': 'Incidents {period}',
  'col.rate': 'Per 1,000 people',
  'col.total': 'Total',
  'col.previous': 'Previous ({period})',
  'col.change': 'Change',
  'col.changePct': 'Change %',
  'col.safe': 'Safe',
  'col.safeCommunes': 'Safe communes',
  'col.safeVillages': 'Safe villages',
  'col.forumHeld': 'Public forum held',
  'col.forumCommunes': 'Communes with a forum',
  'col.suppressed': 'Suppressed',
  'col.suppressedCriteria': 'Suppressed criteria',
  'col.hasGeometry': 'Has a polygon',
  'col.coveredBy': 'Covered by',
  'col.z': 'z score',
  'col.p': 'p value',
  'col.pSim': 'Pseudo p value',
  'col.bin': 'Bin (-3 to 3)',
  'col.binLabel': 'Hot or cold spot',
  'col.quadrant': 'Cluster or outlier',
  'col.category': 'Emerging hot spot category',
  'col.trendZ': 'Trend z (Mann-Kendall)',
  'col.trendP': 'Trend p',
  'col.zLast': 'z in the last step',
  'col.rankInProvince': 'Rank in province',
  'col.ebPrevious': 'EB rate before (per 1,000)',
  'col.ebNow': 'EB rate now (per 1,000)',
  'col.improvement': 'Improvement (per 1,000)',
  'col.outstanding': 'Outstanding',

  // Table titles.
  'title.report': 'Safety Village/Commune/Sangkat report — {area} — {period}',
  'title.incidentsPer': 'Incidents per {level}',
  'title.incidentsPerIn': 'Incidents per {level} in {parent}',
  'title.hotspots': 'Hot spots ({method})',
  'title.ranking': 'Commune ranking — {period} against {previous}',
  'title.outstanding': 'Outstanding communes — {period} against {previous}',

  // The briefing PDF.
  'pdf.title': 'Safety briefing',
  'pdf.period': 'Period',
  'pdf.previous': 'previous period',
  'pdf.dataTo': 'Data to',
  'pdf.counts': 'Incidents by criterion',
  'pdf.criterion': 'Criterion',
  'pdf.now': 'Now',
  'pdf.before': 'Before',
  'pdf.safe': 'Safe status',
  'pdf.top': 'Top 10 hot spots (villages, Gi*)',
  'pdf.n': 'n',
  'pdf.noHot': 'No significant hot spot in this period.',
  'pdf.legend': 'Legend',
  'pdf.density': 'Incident density (per km²)',
  'pdf.posts': 'Police post',
  'pdf.boundary': 'Boundary',
  'pdf.method': 'Method and reproducibility',
  'pdf.attribution': 'Data attribution',
  'pdf.suppressed': 'withheld (fewer than k incidents)',
  'pdf.page': 'Page',
  'pdf.protectedNote': 'Protected figures: published with small random changes (up to ±2);',
  'pdf.protectedNote2': 'counts from 1 to 4 are withheld (cell-key method).',
  'pdf.thresholds': 'thresholds {t}',
  'pdf.mIncidents':
    'Incidents: {from} to {to} (local dates, Asia/Phnom_Penh), criteria {criteria}; compared with {pfrom} to {pto} ({how}).',
  'pdf.mPrevCalendar': 'the previous calendar period',
  'pdf.mPrevDays': 'the same number of days just before',
  'pdf.mProtected':
    'Protected figures (public view): counts, safe status, density and hot spots use published cells (cell-key method): 0 stays 0, 1 to k − 1 withheld, others ±2.',
  'pdf.mProtected2': 'The same cell always has the same value; withheld cells enter the analyses at k/2 (docs/privacy.md).',
  'pdf.mDensity':
    'Density (KDE): {kernel} kernel, bandwidth {bandwidth} m ({rule}), cell {cell} m, {n} incidents, computed in EPSG:32648 (UTM 48N) and resampled bilinearly onto the map; colour scale to {max} {unit} (99.5th percentile).',
  'pdf.mNoDensity': 'Density: no incidents in the period.',
  'pdf.mHotspots':
    'Hot spots: Getis–Ord Gi* on {n} villages ({weights}), counts of incidents; p-values corrected for multiple testing (FDR, Benjamini–Hochberg) = {fdr}; bins at 90/95/99% confidence.',
  'pdf.mNoHotspots': 'Hot spots: too few villages with incidents to analyse.',
  'pdf.mSafe': 'Safe status: a commune or village is safe when its count of each criterion in the period is at most {t} (criteria 1–5).',
  'pdf.mPosts': 'Posts: {n} police posts in the area{demo}. Map: equirectangular, north up, scale true at {lat}° N.',
  'pdf.mDemoPosts': ' (synthetic demo posts)',
  'pdf.mData': 'Data: {n} incidents visible to the requester, {first} to {last}{demo}.',
  'pdf.mDemoData': '; SYNTHETIC demo data, generator seed {seed}',
  'pdf.mSoftware': 'Software: SafeVillage {version}; generated {at} for {user}; request {request}.',
  'pdf.mReproduce': 'Reproduce: {command}',

  // Pilot priority index terms (server/analysis/pilot-score.ts).
  'term.rate': 'Incident rate',
  'term.trend': 'Rising trend',
  'term.hotspot': 'Hot spot',
  'term.population': 'Population',
  'term.distance': 'Far from a post',
  'term.safe': 'Not yet safe',

  // Police posts (demo names).
  'post.commune_post': 'administrative police post',
  'post.district_station': 'district police station',
  'post.provincial_hq': 'provincial police headquarters',

  // Topics of the demo public forums.
  'forum.drugs': 'Drug prevention',
  'forum.violence': 'Domestic violence',
  'forum.theft': 'Theft and robbery',
  'forum.gangs': 'Youth gangs',
  'forum.gambling': 'Illegal gambling',
  'forum.road': 'Road safety',
  'forum.trafficking': 'Trafficking of women and children',
  'forum.contract': 'Safe village contract',

  // Method notes the policy panel shows (ranking, pilot scores, pilot evaluation).
  'method.ranking':
    'Improvement = EB rate before − EB rate now, per 1,000 people. Rates are smoothed by empirical Bayes (Marshall 1991, global method of moments, as GeoDa), ' +
    'each period separately over all communes in the report, so that a commune of a few hundred people with one incident less does not outrank a town. ' +
    'Communes without a population are left out. Outstanding: the top communes of each province whose EB rate fell.',
  'method.pilotScores':
    'weighted mean of terms in 0..1 (server/analysis/pilot-score.ts): rate = percentile of the empirical Bayes smoothed rate (Marshall global, prior mean {prior} per 1,000); ' +
    'trend = Mann–Kendall z of {months} monthly counts (rising only, z/3 capped at 1); hotspot = Gi* among the {level}s of {scope} (8 nearest neighbours for villages, queen contiguity for communes) at 95% (bin ≥ 2) or an emerging hot spot category (1), 90% (0.5); the Hot mark (hotspot: true) is the term at 1; ' +
    'population = percentile; distance = nearest post / 15 km (capped at 1, planar EPSG:32648); safe = 0 when safe in {quarter}, else 1.',
  'method.scope.area': 'area {area}',
  'method.scope.all': 'the whole data',
  'method.level.commune': 'commune',
  'method.level.village': 'village',
  'method.pilotEval':
    'difference in differences: each pilot matched to its {controls} nearest {level}s of the same province that are not pilots, on pre-period rate and log population (each scaled by its standard deviation), with replacement; ' +
    "estimate = mean over pilots of (post − pre) − mean (post − pre) of its controls; 95% interval from Student's t with n − 1 degrees of freedom on the pilot-level differences.",
}
export type LabelKey = keyof typeof en
