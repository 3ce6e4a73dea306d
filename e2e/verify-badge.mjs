#!/usr/bin/env node
// An independent, offline verifier of essaim's badges, written with the standard `jose`
// library only (no code of essaim's):
//
//   node verify-badge.mjs credential.jwt jwks.json [status-list.jwt]
//
// It checks the credential's EdDSA signature against the issuer's published keys (a JWKS),
// that it is an Open Badges 3.0 credential (contexts, types, issuer, validFrom), and, given
// the issuer's status list (itself a signed vc+jwt, verified the same way), that the
// credential's bit in the GZIP-compressed bitstring is clear (W3C Bitstring Status List).
// Exit 0 and "valid" when all holds; exit 1 with the reason otherwise.
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import { createLocalJWKSet, jwtVerify } from "jose";

const VC = "https://www.w3.org/ns/credentials/v2";
const OB = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";

class Invalid extends Error {}

function check(ok, reason) {
  if (!ok) throw new Invalid(reason);
}

/** Verify a compact JWS with the key set; its payload, or Invalid. */
async function verified(jwt, keys, what) {
  try {
    const { payload, protectedHeader } = await jwtVerify(jwt.trim(), keys, { algorithms: ["EdDSA"], typ: "vc+jwt" });
    check(protectedHeader.kid, `${what}: no kid in its header`);
    return payload;
  } catch (e) {
    if (e instanceof Invalid) throw e;
    throw new Invalid(`${what}: signature not verified (${e.code || e.message})`);
  }
}

const types = (v) => (Array.isArray(v) ? v : [v]);
const issuerId = (i) => (typeof i === "string" ? i : i?.id);

function samePath(a, b) {
  try {
    const [x, y] = [new URL(a), new URL(b)];
    return x.pathname === y.pathname && x.hash === y.hash;
  } catch {
    return false;
  }
}

/**
 * Verify a badge: `credential` and `statusList` are compact JWS strings, `jwks` a JWK Set
 * object. Resolves to the credential's payload; rejects with the reason it is not valid.
 */
export async function verifyBadge({ credential, jwks, statusList, now = new Date() }) {
  const keys = createLocalJWKSet(jwks);
  const vc = await verified(credential, keys, "credential");
  const contexts = vc["@context"] || [];
  check(contexts[0] === VC, "credential: the first @context is not VC 2.0");
  check(contexts.includes(OB), "credential: no Open Badges 3.0 context");
  check(types(vc.type).includes("VerifiableCredential") && types(vc.type).includes("OpenBadgeCredential"), "credential: not an OpenBadgeCredential");
  check(issuerId(vc.issuer), "credential: no issuer");
  check(types(vc.issuer?.type).includes("Profile"), "credential: the issuer is not a Profile");
  // Open Badges 3.0 § 8.2: the JWT's registered claims repeat the credential's.
  check(vc.iss === issuerId(vc.issuer), "credential: iss is not the issuer");
  check(vc.jti === vc.id, "credential: jti is not its id");
  check(vc.sub === vc.credentialSubject?.id, "credential: sub is not its subject");
  const from = Date.parse(vc.validFrom);
  check(!Number.isNaN(from), "credential: no validFrom");
  check(from <= now.getTime(), "credential: not valid yet");
  if (vc.validUntil) check(Date.parse(vc.validUntil) > now.getTime(), "credential: expired");
  const subject = vc.credentialSubject || {};
  check(types(subject.type).includes("AchievementSubject"), "credential: its subject is not an AchievementSubject");
  check(types(subject.achievement?.type).includes("Achievement"), "credential: no achievement");

  const status = vc.credentialStatus;
  if (statusList) {
    check(status?.type === "BitstringStatusListEntry" && status.statusPurpose === "revocation", "credential: no revocation status entry");
    const list = await verified(statusList, keys, "status list");
    check(types(list.type).includes("BitstringStatusListCredential"), "status list: not a BitstringStatusListCredential");
    // The list is trusted for being signed with the issuer's keys; its address and issuer
    // must be the ones the credential names, compared by path: a site that moved (another
    // host or port since the badge was issued) still publishes the same list.
    check(samePath(list.id, status.statusListCredential), `status list: it is ${list.id}, the credential names ${status.statusListCredential}`);
    check(samePath(issuerId(list.issuer), issuerId(vc.issuer)), "status list: another issuer");
    const sub = list.credentialSubject || {};
    check(sub.statusPurpose === "revocation", "status list: not a revocation list");
    const encoded = String(sub.encodedList || "");
    check(encoded.startsWith("u"), "status list: encodedList is not multibase base64url");
    const bits = gunzipSync(Buffer.from(encoded.slice(1), "base64url"));
    check(bits.length >= 16 * 1024, "status list: shorter than 16 KB");
    const index = Number.parseInt(status.statusListIndex, 10);
    check(Number.isInteger(index) && index >= 0 && index < bits.length * 8, "credential: status index out of the list");
    const revoked = (bits[index >> 3] & (0x80 >> (index & 7))) !== 0;
    check(!revoked, "credential: revoked");
  }
  return vc;
}

async function main(argv) {
  const [credentialFile, jwksFile, statusFile] = argv;
  if (!credentialFile || !jwksFile) {
    console.error("usage: node verify-badge.mjs credential.jwt jwks.json [status-list.jwt]");
    return 2;
  }
  try {
    const vc = await verifyBadge({
      credential: readFileSync(credentialFile, "utf8"),
      jwks: JSON.parse(readFileSync(jwksFile, "utf8")),
      statusList: statusFile ? readFileSync(statusFile, "utf8") : undefined,
    });
    const checked = statusFile ? "signature, contents and revocation status" : "signature and contents (no status list given)";
    console.log(`valid: “${vc.credentialSubject.achievement.name}” issued by ${vc.issuer.name || issuerId(vc.issuer)} on ${vc.validFrom} (${checked})`);
    return 0;
  } catch (e) {
    console.error(`not valid: ${e instanceof Invalid ? e.message : e.stack || e}`);
    return 1;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = await main(process.argv.slice(2));
}
