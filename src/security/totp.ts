/** Time-based one-time passwords (RFC 6238) with the `otpauth` library; a code is accepted once. */
import * as OTPAuth from "otpauth";

const PERIOD = 30;

/** A new random TOTP secret (160 bits, base32). */
export function newTotpSecret(): string {
  return new OTPAuth.Secret({ size: 20 }).base32;
}

function totp(secret: string, label = "account"): OTPAuth.TOTP {
  return new OTPAuth.TOTP({
    issuer: "Rogatory",
    label,
    algorithm: "SHA1",
    digits: 6,
    period: PERIOD,
    secret: OTPAuth.Secret.fromBase32(secret),
  });
}

/** The otpauth:// URI an authenticator app scans, and the same as an SVG QR code. */
export async function totpEnrolment(secret: string, label: string): Promise<{ uri: string; qrSvg: string }> {
  const uri = totp(secret, label).toString();
  // Loaded at the first enrolment, not at every start.
  const { default: QRCode } = await import("qrcode");
  const qrSvg = await QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  return { uri, qrSvg };
}

/**
 * Checks a code at `at`, allowing one step of clock drift either way. Returns the time step the code
 * belongs to, or null. The caller refuses steps at or before the last one used (no replay).
 */
export function checkTotp(secret: string, code: string, at: Date): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totp(secret).validate({ token: code, timestamp: at.getTime(), window: 1 });
  if (delta === null) return null;
  return Math.floor(at.getTime() / 1000 / PERIOD) + delta;
}

/** The current code (for tests and the CLI's enrolment check). */
export function totpCode(secret: string, at: Date): string {
  return totp(secret).generate({ timestamp: at.getTime() });
}
