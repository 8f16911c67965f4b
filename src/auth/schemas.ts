import * as z from "zod/mini";
import { email, givenPassword, line, mobilePhone, newPassword, organizationName } from "../http/fields";
import { isValidUscc, socialOrganizationUsccProblem } from "../lib/uscc";
import { ROLES } from "../data/schema";

export const signInSchema = z.strictObject({
  email: email(),
  password: givenPassword(),
});

export const changePasswordSchema = z.strictObject({
  currentPassword: givenPassword(),
  newPassword: newPassword(),
});

export const signUpSchema = z
  .strictObject({
    email: email(),
    password: newPassword(),
    displayName: line(1, 40),
    organizationName: organizationName(2, 100),
    kind: z.enum(["registered", "founding_team"]),
    uscc: z._default(z.string().check(z.trim(), z.toUpperCase(), z.maxLength(18)), ""),
    /** Optional; given, it must come with the SMS code sent to it (POST /signup/phone-code). */
    phone: z._default(mobilePhone({ optional: true }), ""),
    smsCode: z._default(z.string().check(z.trim(), z.regex(/^(\d{6})?$/, "invalid_format")), ""),
  })
  .check(
    z.superRefine((v, ctx) => {
      if (v.phone !== "" && v.smsCode === "") ctx.addIssue({ code: "custom", message: "phone_code_required", path: ["smsCode"], input: v.smsCode });
      if (v.kind === "registered" && v.uscc === "") ctx.addIssue({ code: "custom", message: "uscc_required", path: ["uscc"], input: v.uscc });
      else if (v.uscc !== "" && !isValidUscc(v.uscc)) ctx.addIssue({ code: "custom", message: "uscc_invalid", path: ["uscc"], input: v.uscc });
      else if (v.uscc !== "") {
        const problem = socialOrganizationUsccProblem(v.uscc, "", { local: true });
        if (problem) ctx.addIssue({ code: "custom", message: problem, path: ["uscc"], input: v.uscc });
      }
    }),
  );

export const grantSchema = z.object({
  role: z.enum(ROLES),
  scopeArea: z.string(),
  organizationId: z.nullable(z.string()),
});

export const meSchema = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  district: z.string(),
  grants: z.array(grantSchema),
  csrfToken: z.string(),
});

/** The answer to a sign-up, the same whether or not the address already had an account. */
export const signUpReceivedSchema = z.object({ status: z.literal("received"), message: z.object({ "zh-CN": z.string(), en: z.string() }) });

/** A sign-up's mobile number, to which a code is sent. */
export const phoneCodeSchema = z.strictObject({ phone: mobilePhone() });
/** The same from the sign-up form, whose code button posts every field of the form. */
export const phoneCodeFormSchema = z.object({ phone: mobilePhone() });

/** A code was sent; it is good for `validMinutes`. */
export const phoneCodeSentSchema = z.object({ status: z.literal("sent"), validMinutes: z.number(), message: z.object({ "zh-CN": z.string(), en: z.string() }) });
