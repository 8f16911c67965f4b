// Every string a user reads, in zh-CN (the default) and English. Wording follows
// docs/domain.md and the source paper. Placeholders are written {name}.

export const LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof LOCALES)[number];

/** A module's strings: key -> [zh-CN, en]. Modules keep theirs in their own folder. */
export type Catalog = Record<string, readonly [string, string]>;

const coreMessages = {
  // Product and layout
  "app.name": ["三社联动服务平台", "Three-Society Linkage Platform"],
  "app.tagline": ["社区、社会组织、社会工作者联动服务", "Communities, social organizations and social workers, working together"],
  "layout.skip": ["跳到主要内容", "Skip to main content"],
  "layout.nav": ["主导航", "Main navigation"],
  "layout.work": ["工作台", "Work"],
  "layout.language": ["English", "中文"],
  "layout.elderOn": ["长辈版", "Elder mode"],
  "layout.elderOff": ["标准版", "Standard mode"],
  "layout.signIn": ["登录", "Sign in"],
  "layout.signOut": ["退出登录", "Sign out"],
  "layout.signUp": ["社会组织注册", "Organization sign-up"],
  "layout.footer": ["{district}民政局 · 三社联动服务平台", "{district} Civil Affairs Bureau · Three-Society Linkage Platform"],
  "nav.home": ["首页", "Home"],
  "nav.todo": ["我的待办", "My to-dos"],
  "todo.title": ["我的待办", "My to-dos"],
  "todo.intro": ["需要您办理的事项，逾期的排在最前，然后按截止日期排列。", "What is waiting for you: overdue first, then by deadline."],
  "todo.none": ["目前没有需要您办理的事项。", "Nothing is waiting for you."],
  "todo.due": ["截止 {date}", "Due {date}"],
  "todo.overdue": ["已逾期", "Overdue"],
  "todo.noDue": ["无截止日期", "No deadline"],
  "todo.count": ["共 {count} 项", "{count} in all"],
  "nav.areas": ["街道与社区", "Sub-districts & communities"],
  "nav.organizations": ["社会组织", "Organizations"],
  "nav.staff": ["人员与角色", "Staff & roles"],
  "nav.audit": ["审计日志", "Audit log"],

  // Roles
  "role.platform_operator": ["平台运营", "Platform operator"],
  "role.district_admin": ["区民政局管理员", "District administrator"],
  "role.subdistrict_staff": ["街道综合服务中心", "Sub-district service centre"],
  "role.community_staff": ["社区工作人员", "Community staff"],
  "role.reviewer": ["评审专家", "Expert reviewer"],
  "role.evaluator": ["第三方评估机构", "Third-party evaluator"],
  "role.org_member": ["社会组织用户", "Organization user"],
  "role.social_worker": ["社会工作者", "Social worker"],
  "role.public": ["公众", "Public"],

  // Home
  "home.title": ["{district}三社联动服务平台", "{district} Three-Society Linkage Platform"],
  "home.intro": [
    "本平台连接社区“两委”、社会组织和社会工作者，提供社会组织孵化、社会工作岗位开发、信息公开与诚信等级评价等服务。",
    "This platform links the community committees, social organizations and social workers: incubation of organizations, social-work posts, and information disclosure with credit ratings.",
  ],
  "home.figures": ["概况", "At a glance"],
  "home.subdistricts": ["街道（乡镇）", "Sub-districts"],
  "home.communities": ["社区（村）", "Communities"],
  "home.organizations": ["平台上的组织（含待核实的和筹备中的团队）", "Organizations on the platform (unverified ones and founding teams included)"],
  "home.modules": ["服务", "Services"],
  "module.incubation": ["社会组织孵化园", "Incubation parks"],
  "module.posts": ["社会工作岗位开发", "Social-work posts"],
  "module.disclosure": ["信息公开与诚信等级评价", "Disclosure and credit ratings"],
  "module.projects": ["政府购买服务与公益创投", "Purchased services and venture philanthropy"],
  "module.linkage": ["三社联动", "Linkage of the three societies"],
  "home.welcome": ["您好，{name}", "Hello, {name}"],
  "home.yourRoles": ["您的角色", "Your roles"],
  "platform.title": ["三社联动服务平台", "Three-Society Linkage Platform"],
  "platform.districts": ["已开通的区", "Districts on the platform"],
  "platform.noDistricts": ["尚无已开通的区。", "No districts yet."],
  "platform.console": ["运营控制台", "Operator console"],
  "platform.calendar.title": ["节假日安排", "Public holiday calendar"],
  "platform.calendar.link": ["节假日安排（工作日计算）", "Public holiday calendar (working days)"],
  "platform.calendar.intro": [
    "各区所有按工作日计算的期限（资格初审答复、公示期、信用信息录入等）均依据国务院办公厅每年发布的部分节假日安排通知：法定节假日不计入，调休上班的周末计入。",
    "Every deadline counted in working days, in every district (eligibility answers, public notices, credit records and more), follows the State Council's yearly holiday notice: public holidays do not count, weekend days worked in exchange do.",
  ],
  "platform.calendar.missing": [
    "尚未录入 {year} 年的节假日安排：该年的工作日期限只跳过周末，可能落在法定节假日。请在国务院办公厅通知发布后录入。",
    "No holiday calendar for {year} yet: working-day deadlines in that year skip weekends only and may fall on public holidays. Enter it once the State Council's notice is out.",
  ],
  "platform.calendar.year": ["年份", "Year"],
  "platform.calendar.holidayCount": ["放假天数", "Holidays"],
  "platform.calendar.workdayCount": ["调休上班天数", "Weekend working days"],
  "platform.calendar.source": ["依据", "Source"],
  "platform.calendar.origin": ["来源", "Origin"],
  "platform.calendar.none": ["未录入", "Not entered"],
  "platform.calendar.entered": ["运营人员录入", "Entered by an operator"],
  "platform.calendar.shipped": ["系统内置", "Shipped with the platform"],
  "platform.calendar.weekendsOnly": ["仅跳过周末", "Weekends only"],
  "platform.calendar.enter": ["录入或更正一年的安排", "Enter or correct a year"],
  "platform.calendar.holidays": ["放假日期", "Holiday dates"],
  "platform.calendar.workdays": ["调休上班日期（周末）", "Weekend days worked in exchange"],
  "platform.calendar.datesHint": ["按通知原文填写，每行一个日期或区间，如“10月1日至7日”“2027-01-01”。", "As the notice writes them, one date or range a line, e.g. 10月1日至7日 or 2027-01-01."],
  "platform.calendar.workdaysHint": ["如“9月20日、10月10日”。", "For example 9月20日、10月10日."],
  "platform.calendar.sourceHint": ["通知名称、文号和发布日期。", "The notice's title, number and date."],
  "platform.calendar.save": ["保存", "Save"],
  "platform.calendar.saved": ["已保存 {year} 年的节假日安排，各区期限即刻按其计算。", "The {year} calendar is saved; deadlines in every district follow it from now on."],
  "platform.calendar.badDate": ["无法识别“{text}”，请写成“10月1日”“2027-10-01”或“10月1日至7日”。", "Could not read “{text}”: write 10月1日, 2027-10-01 or 10月1日至7日."],
  "platform.calendar.otherYear": ["{date} 不在 {year} 年内。", "{date} is not in {year}."],
  "platform.calendar.both": ["{date} 不能既放假又上班。", "{date} cannot be both a holiday and a working day."],
  "platform.calendar.notWeekend": ["{date} 不是周末：调休上班只填周六、周日。", "{date} is not a weekend day: list only Saturdays and Sundays worked."],
  "platform.status.onboarding": ["开通中", "Onboarding"],
  "platform.status.active": ["运行中", "Active"],
  "platform.status.suspended": ["已暂停", "Suspended"],
  "platform.shard": ["数据分片", "Shard"],
  "platform.hostnames": ["域名", "Hostnames"],

  // Areas
  "areas.title": ["街道与社区", "Sub-districts and communities"],
  "areas.code": ["统计用区划代码", "Statistical division code"],
  "areas.name": ["名称", "Name"],
  "areas.communities": ["下辖社区（村）", "Communities"],
  "areas.none": ["尚未设置街道和社区。", "No sub-districts or communities yet."],

  // Auth
  "auth.signIn.title": ["登录", "Sign in"],
  "auth.email": ["电子邮箱", "Email"],
  "auth.password": ["密码", "Password"],
  "auth.displayName": ["姓名或称呼", "Your name"],
  "auth.signIn.submit": ["登录", "Sign in"],
  "auth.signIn.failed": ["邮箱或密码不正确。", "The email or password is not correct."],
  "auth.signIn.locked": ["登录失败次数过多，请 {minutes} 分钟后再试。", "Too many failed attempts. Try again in {minutes} minutes."],
  "auth.signIn.noAccount": ["社会组织还没有账户？", "Organization without an account?"],
  "auth.signedOut": ["您已退出登录。", "You have signed out."],
  "auth.signUp.title": ["社会组织注册账户", "Register an organization account"],
  "auth.signUp.intro": [
    "已登记的社会组织和尚未登记的发起团队均可注册。注册后可在线申请入驻孵化园、发布信息公开。",
    "Registered organizations and founding teams not yet registered may sign up, then apply to incubation parks and publish disclosures online.",
  ],
  "auth.signUp.orgName": ["组织名称（或发起团队名称）", "Organization (or founding team) name"],
  "auth.signUp.kind": ["组织状态", "Status"],
  "auth.signUp.kind.registered": ["已登记的社会组织", "Registered organization"],
  "auth.signUp.kind.founding_team": ["尚未登记的发起团队", "Founding team, not yet registered"],
  "auth.signUp.uscc": ["统一社会信用代码", "Unified social credit code"],
  "auth.signUp.usccHint": ["18 位，已登记的组织必填。", "18 characters; required for registered organizations."],
  "auth.signUp.submit": ["注册", "Sign up"],
  "auth.signUp.nameTaken": [
    "本区已有同名社会组织。如这是您的组织，请在组织页面申请认领；否则请使用登记证书上的全称。",
    "An organization of this district already has this name. If it is yours, claim it from its page; otherwise use the full name on your registration certificate.",
  ],
  "auth.signUp.received": [
    "注册申请已提交。请用注册时填写的邮箱和密码登录。如果这个邮箱此前已有账号，我们已通知该账号，请用原账号登录。",
    "Your registration was received. Sign in with the email address and password you gave. If this address already had an account, that account has been notified: sign in with it instead.",
  ],
  "auth.signUp.usccTaken": ["该统一社会信用代码已有组织使用，请联系区民政局认领。", "An organization with this credit code already exists; contact the bureau to claim it."],
  "auth.passwordHint": ["至少 10 个字符，需同时包含字母和数字。", "At least 10 characters, with letters and digits."],
  "auth.account.title": ["我的账户", "My account"],
  "auth.account.roles": ["角色与范围", "Roles and scope"],
  "auth.account.scopeDistrict": ["全区", "Whole district"],
  "auth.changePassword": ["修改密码", "Change password"],
  "auth.currentPassword": ["当前密码", "Current password"],
  "auth.newPassword": ["新密码", "New password"],
  "auth.passwordChanged": ["密码已修改，其他设备上的登录已退出。", "Password changed; other sessions were signed out."],
  "auth.currentPasswordWrong": ["当前密码不正确。", "The current password is not correct."],
  "auth.operatorSignIn": ["平台运营登录", "Platform operator sign-in"],

  // Staff / audit
  "staff.title": ["人员与角色", "Staff and roles"],
  "staff.name": ["姓名", "Name"],
  "staff.email": ["邮箱", "Email"],
  "staff.roles": ["角色", "Roles"],
  "staff.status": ["状态", "Status"],
  "staff.status.active": ["正常", "Active"],
  "staff.status.disabled": ["已停用", "Disabled"],
  "audit.title": ["审计日志", "Audit log"],
  "audit.at": ["时间", "Time"],
  "audit.actor": ["操作人", "Who"],
  "audit.action": ["操作", "Action"],
  "audit.target": ["对象", "Target"],
  "audit.chainOk": ["哈希链校验通过：共 {count} 条记录，未发现篡改。", "Hash chain verified: {count} events, no tampering found."],
  "audit.chainBroken": ["哈希链在第 {seq} 条记录处断裂（{problem}）。", "The hash chain breaks at event {seq} ({problem})."],
  "audit.empty": ["暂无记录。", "No events yet."],
  // What operators did to a district, as its history on the platform console lists it.
  "audit.action.district.created": ["开通本区", "District created"],
  "audit.action.district.admin_invited": ["邀请首位管理员", "First administrator invited"],
  "audit.action.district.admin_invitation_resent": ["重新发送管理员邀请", "Administrator invitation resent"],
  "audit.action.district.suspended": ["暂停服务", "Service suspended"],
  "audit.action.district.reactivated": ["恢复服务", "Service resumed"],
  "audit.action.district.deletion_started": ["开始永久删除", "Permanent deletion started"],
  "audit.action.district.deleted": ["已永久删除", "Permanently deleted"],
  "audit.action.district.restored": ["从导出数据恢复", "Restored from an export"],

  // Errors
  "error.title": ["出错了", "Something went wrong"],
  "error.back": ["返回首页", "Back to the home page"],
  "error.backToForm": ["返回上一页修改", "Back to the form"],
  "error.not_found": ["找不到您要访问的页面或记录。", "The page or record you asked for was not found."],
  "error.district_not_found": ["没有找到这个区。请检查网址中的区划代码。", "No such district. Check the division code in the address."],
  "error.district_suspended": ["{district}的服务已暂停，暂时无法访问。如有疑问请联系区民政局。", "The service for {district} is suspended and cannot be used for now. Please contact the district civil affairs bureau."],
  "error.unauthenticated": ["请先登录。", "Please sign in first."],
  "error.forbidden": ["您的角色无权进行此操作。", "Your role does not allow this."],
  "error.districtWide": ["此操作涉及全区，需要全区范围的授权；您的授权只覆盖部分街道或社区。", "This concerns the whole district and needs a district-wide grant; yours covers only some sub-districts or communities."],
  "error.csrf": ["页面已过期或来源不可信，请刷新页面后重试。", "The form expired or came from elsewhere. Reload the page and try again."],
  "error.validation": ["提交的内容有误，请按提示修改。", "Some of what you entered needs correcting."],
  "error.malformed_json": ["请求内容不是有效的 JSON。", "The request body is not valid JSON."],
  "error.unsupported_media_type": ["不支持的内容类型：{type}。", "Unsupported content type: {type}."],
  "error.payload_too_large": ["提交的内容过大（上限 {limit}）。", "The request is too large (limit {limit})."],
  "error.malformed_body": ["无法读取提交的内容：格式不完整或已损坏。", "The request body could not be read: it is incomplete or malformed."],
  "error.idempotency_key_invalid": ["Idempotency-Key 请求头过长（最多 255 个字符）。", "The Idempotency-Key header is too long (255 characters at most)."],
  "error.idempotency_key_reused": ["这个 Idempotency-Key 已用于另一个请求。", "This Idempotency-Key was already used for a different request."],
  "error.submission_in_progress": ["同一内容正在提交，请稍候刷新页面查看结果。", "The same submission is still being processed. Reload the page shortly to see the result."],
  "error.invalid_encoding": ["提交的内容不是有效的 UTF-8 编码。", "The request is not valid UTF-8."],
  "error.conflict": ["该记录已被他人修改，请刷新后重试。", "Someone else changed this record. Reload and try again."],
  "error.internal": ["服务器出现问题，请稍后再试。错误编号：{requestId}", "A server problem occurred. Try again later. Reference: {requestId}"],
  "error.rate_limited": ["请求过于频繁，请稍后再试。", "Too many requests. Try again later."],

  // Field validation
  "field.required": ["此项必填。", "This field is required."],
  "field.too_short": ["至少需要 {min} 个字符。", "Must be at least {min} characters."],
  "field.too_long": ["不能超过 {max} 个字符。", "Must be at most {max} characters."],
  "field.too_small": ["不能小于 {min}。", "Must be at least {min}."],
  "field.too_big": ["不能大于 {max}。", "Must be at most {max}."],
  "field.invalid_type": ["格式不正确，应为{expected}。", "Wrong type: expected {expected}."],
  "field.invalid_email": ["请输入有效的电子邮箱地址。", "Enter a valid email address."],
  "field.invalid_format": ["格式不正确。", "The format is not valid."],
  "field.invalid_choice": ["请从给定选项中选择。", "Choose one of the given options."],
  "field.unknown_field": ["不接受的字段：{keys}。", "Unknown field(s): {keys}."],
  "field.control_chars": ["不能包含控制字符。", "Must not contain control characters."],
  "field.weak_password": ["密码至少 10 个字符，需同时包含字母和数字。", "A password needs at least 10 characters, with letters and digits."],
  "field.uscc_invalid": ["统一社会信用代码无效（长度、字符或校验位不正确）。", "Not a valid unified social credit code (length, characters or check character)."],
  "field.phone_code_required": ["请先获取并填写发送到该手机号的验证码。", "Ask for the code sent to that number and enter it."],
  "field.uscc_required": ["已登记的组织须填写统一社会信用代码。", "A registered organization must give its credit code."],
  "field.uscc_company": [
    "以 9 开头的代码属于企业（由市场监督管理部门登记），不是社会组织的代码。社会组织的统一社会信用代码以 5 开头（民政部门登记），请核对登记证书。",
    "A code starting with 9 belongs to a company (registered by market regulation), not a social organization. A social organization's code starts with 5 (civil affairs); check the registration certificate.",
  ],
  "field.uscc_national": [
    "该代码第 3–8 位为 100000，说明由民政部登记（全国性社会组织），不属于本区登记管理，不能在本区平台注册。",
    "Digits 3–8 of this code are 100000: the organization is registered nationally by the Ministry of Civil Affairs, not by this district, and cannot register on the district's platform.",
  ],
  "field.uscc_authority": ["社会组织的统一社会信用代码第1位（登记管理部门代码）应为 5（民政）。", "A social organization's credit code starts with 5 (registered by civil affairs)."],
  "field.uscc_type": [
    "统一社会信用代码第2位（机构类别代码）应为 1（社会团体）、2（民办非企业单位/社会服务机构）、3（基金会）或 9（其他）。",
    "The second character of the credit code (institution type) must be 1 (social group), 2 (social service agency), 3 (foundation) or 9 (other).",
  ],
  "field.uscc_type_mismatch": [
    "统一社会信用代码第2位与组织类型不符：社会团体为 1，社会服务机构为 2，基金会为 3。",
    "The second character of the credit code does not match the organization type: 1 for a social group, 2 for a social service agency, 3 for a foundation.",
  ],
  "field.id_number_invalid": ["身份证号码无效（应为 18 位，出生日期真实，校验位正确）。", "Not a valid ID number (18 characters, a real birth date and the right check character)."],
  "field.phone_invalid": ["请输入有效的手机号码（11 位，以 1 开头）。", "Enter a valid mobile number (11 digits starting with 1)."],
  "field.date_invalid": ["请输入有效日期（年-月-日）。", "Enter a valid date (year-month-day)."],
  "field.date_order": ["结束日期不能早于开始日期。", "The end date cannot be before the start date."],
  "field.grade_bands_order": ["等级分数线须由高到低排列且在满分范围内。", "Grade thresholds must descend and stay within the scale."],
  "type.string": ["文本", "text"],
  "type.number": ["数字", "a number"],
  "type.boolean": ["是/否", "true or false"],
  "type.object": ["对象", "an object"],
  "type.array": ["列表", "a list"],
} as const satisfies Catalog;

/**
 * Module catalogs, for the type checker: each module's messages file adds its own by
 * declaration merging, `declare module "../../i18n/messages" { interface ModuleCatalogs
 * { posts: typeof postsMessages } }`, so that the core names no module here.
 */
// biome-ignore lint/suspicious/noEmptyInterface: modules add their catalogs by declaration merging, which only an interface allows
export interface ModuleCatalogs {}

type ModuleMessageKey = { [M in keyof ModuleCatalogs]: keyof ModuleCatalogs[M] }[keyof ModuleCatalogs];
export type MessageKey = keyof typeof coreMessages | Extract<ModuleMessageKey, string>;

// The catalog at run time: the core's strings, then each module's, handed over from the
// manifests when the modules are set up (setUpModules). This file imports nothing, so no
// import cycle can pass through it, whatever file a runtime loads first.
const catalog: Record<string, readonly [string, string]> = { ...coreMessages };

/** Adds the modules' catalogs; called once the module list has loaded. */
export function addCatalogs(catalogs: readonly (Catalog | undefined)[]): void {
  for (const one of catalogs) Object.assign(catalog, one);
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(catalog, key);
}

export function t(locale: Locale, key: MessageKey, params?: Record<string, string | number>): string {
  const entry = catalog[key];
  if (!entry) throw new Error(`no message "${key}": are the modules set up (setUpModules)?`);
  const text: string = locale === "en" ? entry[1] : entry[0];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** Both languages at once, for API problem details that clients may show either way. */
export function bothLanguages(key: MessageKey, params?: Record<string, string | number>) {
  return { "zh-CN": t("zh-CN", key, params), en: t("en", key, params) };
}
