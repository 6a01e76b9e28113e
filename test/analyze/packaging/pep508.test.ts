import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkMarker, normalizeName, parseRequirement, parseSpecifier } from '../../../src/analyze/packaging/pep508.ts';

test('normalises names per PEP 503', () => {
  assert.deepEqual(['Flask_SQLAlchemy', 'backports.zoneinfo', 'Django', 'zope--interface', 'a-_.b'].map(normalizeName), [
    'flask-sqlalchemy',
    'backports-zoneinfo',
    'django',
    'zope-interface',
    'a-b',
  ]);
});

test('parses name, extras, specifier and marker', () => {
  assert.deepEqual(parseRequirement('Flask_SQLAlchemy[Async, postgres] >= 3.1, <4 ; python_version >= "3.9" and sys_platform != "win32"'), {
    requirement: {
      name: 'flask-sqlalchemy',
      extras: ['async', 'postgres'],
      specifier: '>=3.1,<4',
      marker: 'python_version >= "3.9" and sys_platform != "win32"',
      url: null,
    },
    reason: null,
  });
});

test('leaves the specifier empty for an unpinned requirement and strips wrapping parentheses', () => {
  assert.deepEqual(parseRequirement('requests').requirement, { name: 'requests', extras: [], specifier: '', marker: null, url: null });
  assert.equal(parseRequirement('django (>=4.2,<5)').requirement?.specifier, '>=4.2,<5');
});

test('accepts wildcard, arbitrary-equality and pre-release versions', () => {
  assert.equal(parseRequirement('celery==5.*').requirement?.specifier, '==5.*');
  assert.equal(parseRequirement('legacy===1.0-custom').requirement?.specifier, '===1.0-custom');
  assert.equal(parseRequirement('pydantic>=2.0b3,!=2.1.0.post1').requirement?.specifier, '>=2.0b3,!=2.1.0.post1');
});

test('reads a direct reference with a marker after whitespace', () => {
  assert.deepEqual(parseRequirement('invoice-pdf @ git+https://github.com/example/invoice-pdf.git@v1.2 ; python_version >= "3.10"').requirement, {
    name: 'invoice-pdf',
    extras: [],
    specifier: '',
    marker: 'python_version >= "3.10"',
    url: 'git+https://github.com/example/invoice-pdf.git@v1.2',
  });
});

test('rejects malformed requirements with a reason', () => {
  assert.deepEqual(parseRequirement('flask>='), { requirement: null, reason: '">=" is not followed by a version' });
  assert.deepEqual(parseRequirement('flask==2.0-final-final'), { requirement: null, reason: '"2.0-final-final" after "==" is not a valid version' });
  assert.deepEqual(parseRequirement('flask 2.0'), {
    requirement: null,
    reason: '"2.0" is not a version clause (expected an operator such as ==, >=, ~= before the version)',
  });
  assert.deepEqual(parseRequirement('flask[async'), { requirement: null, reason: 'the extras list opened with "[" is never closed' });
  assert.deepEqual(parseRequirement('>=1.0'), { requirement: null, reason: 'it does not start with a distribution name' });
  assert.deepEqual(parseRequirement('pkg @ not-a-url'), { requirement: null, reason: '"not-a-url" is not a URL (it needs a scheme such as https:// or file://)' });
  assert.deepEqual(parseRequirement('flask; python_versoin > "3"'), {
    requirement: null,
    reason: '"python_versoin" is not a marker variable (such as python_version or sys_platform)',
  });
});

test('validates marker grammar including parentheses and "not in"', () => {
  assert.equal(checkMarker('(python_version < "3.11" or os_name == "nt") and "linux" not in sys_platform'), null);
  assert.equal(checkMarker('python_version <'), 'the marker needs comparisons like python_version >= "3.9" (near "python_version")');
  assert.equal(checkMarker('(python_version < "3"'), 'a "(" in the marker is never closed');
  assert.equal(checkMarker('python_version < "3" extra'), 'unexpected "extra" in the marker');
});

test('removes whitespace from a valid specifier list', () => {
  assert.deepEqual(parseSpecifier(' >= 2.0 , < 3 '), { specifier: '>=2.0,<3', reason: null });
  assert.deepEqual(parseSpecifier(''), { specifier: '', reason: null });
});
