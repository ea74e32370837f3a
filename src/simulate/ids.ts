// Identifier formats. Everything here is fake but shaped like the real thing (NPIs pass the Luhn check).

/** A 10-digit NPI: the 9-digit base plus its Luhn check digit (computed with the 80840 prefix, per CMS). */
export function npi(base9: number): string {
  const base = String(base9).padStart(9, '0').slice(-9);
  let sum = 24; // the constant contribution of the 80840 prefix
  for (let i = 0; i < 9; i++) {
    let d = base.charCodeAt(8 - i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return base + String((10 - (sum % 10)) % 10);
}

export function isValidNpi(s: string): boolean {
  return /^\d{10}$/.test(s) && npi(Number(s.slice(0, 9))) === s;
}

export function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Member id ZCM + 9 digits: a bijection of the serial number, so ids are unique and look random. */
export function memberId(serial: number, salt: number): string {
  const v = (serial * 387_420_489 + (salt % 1_000_000_000)) % 1_000_000_000;
  return `ZCM${pad(v, 9)}`;
}

/** EHR patient id MRN + 7 digits, unique for serial < 10^7. */
export function mrn(serial: number, salt: number): string {
  const v = (serial * 7_654_321 + (salt % 10_000_000)) % 10_000_000;
  return `MRN${pad(v, 7)}`;
}
