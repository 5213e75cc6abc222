// A focused structural validator for SARIF 2.1.0 logs (the subset Tensor Parity writes), following the
// OASIS sarif-schema-2.1.0.json: required properties, enums, minimums and the allowed property names of each object.

type Obj = Record<string, unknown>;

const ALLOWED: Record<string, readonly string[]> = {
  log: ['$schema', 'version', 'runs', 'inlineExternalProperties', 'properties'],
  run: [
    'tool',
    'invocations',
    'conversion',
    'language',
    'versionControlProvenance',
    'originalUriBaseIds',
    'artifacts',
    'logicalLocations',
    'graphs',
    'results',
    'automationDetails',
    'runAggregates',
    'baselineGuid',
    'redactionTokens',
    'defaultEncoding',
    'defaultSourceLanguage',
    'newlineSequences',
    'columnKind',
    'externalPropertyFileReferences',
    'threadFlowLocations',
    'taxonomies',
    'addresses',
    'translations',
    'policies',
    'webRequests',
    'webResponses',
    'specialLocations',
    'properties',
  ],
  tool: ['driver', 'extensions', 'properties'],
  toolComponent: [
    'guid',
    'name',
    'organization',
    'product',
    'productSuite',
    'shortDescription',
    'fullDescription',
    'fullName',
    'version',
    'semanticVersion',
    'dottedQuadFileVersion',
    'releaseDateUtc',
    'downloadUri',
    'informationUri',
    'globalMessageStrings',
    'notifications',
    'rules',
    'taxa',
    'locations',
    'language',
    'contents',
    'isComprehensive',
    'localizedDataSemanticVersion',
    'minimumRequiredLocalizedDataSemanticVersion',
    'associatedComponent',
    'translationMetadata',
    'supportedTaxonomies',
    'properties',
  ],
  reportingDescriptor: [
    'id',
    'deprecatedIds',
    'guid',
    'deprecatedGuids',
    'name',
    'deprecatedNames',
    'shortDescription',
    'fullDescription',
    'messageStrings',
    'defaultConfiguration',
    'helpUri',
    'help',
    'relationships',
    'properties',
  ],
  reportingConfiguration: ['enabled', 'level', 'rank', 'parameters', 'properties'],
  multiformatMessageString: ['text', 'markdown', 'properties'],
  message: ['text', 'markdown', 'id', 'arguments', 'properties'],
  result: [
    'ruleId',
    'ruleIndex',
    'rule',
    'kind',
    'level',
    'message',
    'analysisTarget',
    'locations',
    'guid',
    'correlationGuid',
    'occurrenceCount',
    'partialFingerprints',
    'fingerprints',
    'stacks',
    'codeFlows',
    'graphs',
    'graphTraversals',
    'relatedLocations',
    'suppressions',
    'baselineState',
    'rank',
    'attachments',
    'hostedViewerUri',
    'workItemUris',
    'provenance',
    'fixes',
    'taxa',
    'webRequest',
    'webResponse',
    'properties',
  ],
  location: ['id', 'physicalLocation', 'logicalLocations', 'message', 'annotations', 'relationships', 'properties'],
  physicalLocation: ['address', 'artifactLocation', 'region', 'contextRegion', 'properties'],
  artifactLocation: ['uri', 'uriBaseId', 'index', 'description', 'properties'],
  region: [
    'startLine',
    'startColumn',
    'endLine',
    'endColumn',
    'charOffset',
    'charLength',
    'byteOffset',
    'byteLength',
    'snippet',
    'message',
    'sourceLanguage',
    'properties',
  ],
  fix: ['description', 'artifactChanges', 'properties'],
  artifactChange: ['artifactLocation', 'replacements', 'properties'],
  replacement: ['deletedRegion', 'insertedContent', 'properties'],
  artifactContent: ['text', 'binary', 'rendered', 'properties'],
  invocation: [
    'commandLine',
    'arguments',
    'responseFiles',
    'startTimeUtc',
    'endTimeUtc',
    'exitCode',
    'ruleConfigurationOverrides',
    'notificationConfigurationOverrides',
    'toolExecutionNotifications',
    'toolConfigurationNotifications',
    'exitCodeDescription',
    'exitSignalName',
    'exitSignalNumber',
    'processStartFailureMessage',
    'executionSuccessful',
    'machine',
    'account',
    'processId',
    'executableLocation',
    'workingDirectory',
    'environmentVariables',
    'stdin',
    'stdout',
    'stderr',
    'stdoutStderr',
    'properties',
  ],
  notification: ['locations', 'message', 'level', 'threadId', 'timeUtc', 'exception', 'descriptor', 'associatedRule', 'properties'],
};

const LEVELS = ['none', 'note', 'warning', 'error'];

class V {
  readonly errors: string[] = [];

  obj(v: unknown, at: string, kind: keyof typeof ALLOWED | undefined, required: string[] = []): Obj | undefined {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      this.errors.push(`${at}: must be an object`);
      return undefined;
    }
    const o = v as Obj;
    for (const r of required) if (!(r in o)) this.errors.push(`${at}: missing required "${r}"`);
    if (kind) for (const k of Object.keys(o)) if (!ALLOWED[kind].includes(k)) this.errors.push(`${at}: "${k}" is not a ${kind} property`);
    if ('properties' in o) this.obj(o.properties, `${at}.properties`, undefined);
    return o;
  }

  arr(v: unknown, at: string): unknown[] {
    if (!Array.isArray(v)) {
      this.errors.push(`${at}: must be an array`);
      return [];
    }
    return v;
  }

  str(v: unknown, at: string): void {
    if (typeof v !== 'string') this.errors.push(`${at}: must be a string`);
  }

  int(v: unknown, at: string, min: number): void {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) this.errors.push(`${at}: must be an integer >= ${min}`);
  }

  message(v: unknown, at: string, kind: 'message' | 'multiformatMessageString' = 'message'): void {
    const o = this.obj(v, at, kind, kind === 'multiformatMessageString' ? ['text'] : []);
    if (!o) return;
    if (kind === 'message' && !('text' in o) && !('id' in o)) this.errors.push(`${at}: needs "text" or "id"`);
    if ('text' in o) this.str(o.text, `${at}.text`);
  }

  artifactLocation(v: unknown, at: string): void {
    const o = this.obj(v, at, 'artifactLocation');
    if (!o) return;
    if ('uri' in o) {
      this.str(o.uri, `${at}.uri`);
      if (typeof o.uri === 'string' && /\s/.test(o.uri)) this.errors.push(`${at}.uri: not a URI reference (contains whitespace)`);
    }
    if ('uriBaseId' in o) this.str(o.uriBaseId, `${at}.uriBaseId`);
  }

  region(v: unknown, at: string): void {
    const o = this.obj(v, at, 'region');
    if (!o) return;
    for (const k of ['startLine', 'startColumn', 'endLine', 'endColumn']) if (k in o) this.int(o[k], `${at}.${k}`, 1);
    if (typeof o.startLine === 'number' && typeof o.endLine === 'number' && o.endLine < o.startLine) this.errors.push(`${at}: endLine before startLine`);
    if (!('startLine' in o) && !('charOffset' in o) && !('byteOffset' in o)) this.errors.push(`${at}: needs startLine, charOffset or byteOffset`);
  }

  location(v: unknown, at: string): void {
    const o = this.obj(v, at, 'location');
    if (!o || !('physicalLocation' in o)) return;
    const p = this.obj(o.physicalLocation, `${at}.physicalLocation`, 'physicalLocation');
    if (!p) return;
    if ('artifactLocation' in p) this.artifactLocation(p.artifactLocation, `${at}.physicalLocation.artifactLocation`);
    if ('region' in p) this.region(p.region, `${at}.physicalLocation.region`);
  }
}

/** Problems that make `log` an invalid SARIF 2.1.0 log (empty when valid). */
export function validateSarif(log: unknown): string[] {
  const v = new V();
  const root = v.obj(log, '$', 'log', ['version', 'runs']);
  if (!root) return v.errors;
  if (root.version !== '2.1.0') v.errors.push('$.version: must be "2.1.0"');
  if ('$schema' in root) v.str(root.$schema, '$.$schema');
  v.arr(root.runs, '$.runs').forEach((r, ri) => {
    const at = `$.runs[${ri}]`;
    const run = v.obj(r, at, 'run', ['tool']);
    if (!run) return;
    const tool = v.obj(run.tool, `${at}.tool`, 'tool', ['driver']);
    const driver = tool ? v.obj(tool.driver, `${at}.tool.driver`, 'toolComponent', ['name']) : undefined;
    const ruleIds: string[] = [];
    if (driver) {
      v.str(driver.name, `${at}.tool.driver.name`);
      if ('rules' in driver)
        v.arr(driver.rules, `${at}.tool.driver.rules`).forEach((d, i) => {
          const rat = `${at}.tool.driver.rules[${i}]`;
          const rule = v.obj(d, rat, 'reportingDescriptor', ['id']);
          if (!rule) return;
          v.str(rule.id, `${rat}.id`);
          ruleIds.push(String(rule.id));
          for (const k of ['shortDescription', 'fullDescription', 'help']) if (k in rule) v.message(rule[k], `${rat}.${k}`, 'multiformatMessageString');
          if ('defaultConfiguration' in rule) {
            const c = v.obj(rule.defaultConfiguration, `${rat}.defaultConfiguration`, 'reportingConfiguration');
            if (c && 'level' in c && !LEVELS.includes(String(c.level))) v.errors.push(`${rat}.defaultConfiguration.level: not one of ${LEVELS.join(', ')}`);
          }
        });
    }
    if ('columnKind' in run && run.columnKind !== 'utf16CodeUnits' && run.columnKind !== 'unicodeCodePoints') v.errors.push(`${at}.columnKind: invalid`);
    if ('originalUriBaseIds' in run) {
      const bases = v.obj(run.originalUriBaseIds, `${at}.originalUriBaseIds`, undefined);
      for (const [k, b] of Object.entries(bases ?? {})) {
        v.artifactLocation(b, `${at}.originalUriBaseIds.${k}`);
        const uri = (b as Obj).uri;
        if (typeof uri === 'string' && !uri.endsWith('/')) v.errors.push(`${at}.originalUriBaseIds.${k}.uri: must end with "/"`);
      }
    }
    if ('invocations' in run)
      v.arr(run.invocations, `${at}.invocations`).forEach((x, i) => {
        const iat = `${at}.invocations[${i}]`;
        const inv = v.obj(x, iat, 'invocation', ['executionSuccessful']);
        if (!inv) return;
        if (typeof inv.executionSuccessful !== 'boolean') v.errors.push(`${iat}.executionSuccessful: must be a boolean`);
        if ('toolExecutionNotifications' in inv)
          v.arr(inv.toolExecutionNotifications, `${iat}.toolExecutionNotifications`).forEach((nn, j) => {
            const nat = `${iat}.toolExecutionNotifications[${j}]`;
            const note = v.obj(nn, nat, 'notification', ['message']);
            if (!note) return;
            v.message(note.message, `${nat}.message`);
            if ('level' in note && !LEVELS.includes(String(note.level))) v.errors.push(`${nat}.level: invalid`);
            if ('locations' in note) v.arr(note.locations, `${nat}.locations`).forEach((l, k) => v.location(l, `${nat}.locations[${k}]`));
          });
      });
    if ('results' in run)
      v.arr(run.results, `${at}.results`).forEach((x, i) => {
        const rat = `${at}.results[${i}]`;
        const res = v.obj(x, rat, 'result', ['message']);
        if (!res) return;
        v.message(res.message, `${rat}.message`);
        if ('ruleId' in res) v.str(res.ruleId, `${rat}.ruleId`);
        if ('level' in res && !LEVELS.includes(String(res.level))) v.errors.push(`${rat}.level: not one of ${LEVELS.join(', ')}`);
        if ('ruleIndex' in res) {
          v.int(res.ruleIndex, `${rat}.ruleIndex`, -1);
          const idx = Number(res.ruleIndex);
          if (idx >= 0 && ruleIds[idx] !== res.ruleId) v.errors.push(`${rat}.ruleIndex: points at ${ruleIds[idx]}, not ${String(res.ruleId)}`);
        }
        if ('locations' in res) v.arr(res.locations, `${rat}.locations`).forEach((l, k) => v.location(l, `${rat}.locations[${k}]`));
        if ('fixes' in res)
          v.arr(res.fixes, `${rat}.fixes`).forEach((fx, k) => {
            const fat = `${rat}.fixes[${k}]`;
            const fix = v.obj(fx, fat, 'fix', ['artifactChanges']);
            if (!fix) return;
            if ('description' in fix) v.message(fix.description, `${fat}.description`);
            v.arr(fix.artifactChanges, `${fat}.artifactChanges`).forEach((c, m) => {
              const cat = `${fat}.artifactChanges[${m}]`;
              const ch = v.obj(c, cat, 'artifactChange', ['artifactLocation', 'replacements']);
              if (!ch) return;
              v.artifactLocation(ch.artifactLocation, `${cat}.artifactLocation`);
              v.arr(ch.replacements, `${cat}.replacements`).forEach((rp, q) => {
                const pat = `${cat}.replacements[${q}]`;
                const rep = v.obj(rp, pat, 'replacement', ['deletedRegion']);
                if (!rep) return;
                v.region(rep.deletedRegion, `${pat}.deletedRegion`);
                if ('insertedContent' in rep) v.obj(rep.insertedContent, `${pat}.insertedContent`, 'artifactContent');
              });
            });
          });
      });
  });
  return v.errors;
}
