// Synthetic PHI canaries. The simulator plants these fake "protected" values in the places real PHI would be
// (837 NM1*IL / NM1*QC names, N3/N4 addresses, DMG birth dates, member ids, 835 NM1*QC; EHR patient ids), so the
// warehouse and the site build can prove that none of them leaks into modelled tables or into `dist/`.
// Every simulated member id matches PHI_CANARY_PATTERNS[0] and every EHR patient_id matches PHI_CANARY_PATTERNS[1].

/** Surname carried by a large share of simulated patients and subscribers. */
export const PHI_CANARY_SURNAME = 'CANARYPHI';
/** Street name used in many simulated patient addresses (e.g. `417 CANARYLANE RD`). */
export const PHI_CANARY_STREET = 'CANARYLANE';
/** City used in many simulated patient addresses. */
export const PHI_CANARY_CITY = 'CANARYVILLE';

export const PHI_CANARY_STRINGS: string[] = [PHI_CANARY_SURNAME, PHI_CANARY_STREET, PHI_CANARY_CITY];

/** Member id (837 NM1*IL / 835 NM1*QC NM109): `ZCM` + 9 digits. */
export const MEMBER_ID_PATTERN = /\bZCM\d{9}\b/;
/** EHR patient id / MRN: `MRN` + 7 digits. */
export const PATIENT_ID_PATTERN = /\bMRN\d{7}\b/;

export const PHI_CANARY_PATTERNS: RegExp[] = [MEMBER_ID_PATTERN, PATIENT_ID_PATTERN];
