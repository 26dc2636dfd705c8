// Service and course account rows as Waldur's offering listings return them (contract models ProjectServiceAccount
// and CourseAccount, every required key), for FakeWaldur.serviceAccounts / courseAccounts.
import { hex } from './fake-waldur.js';

const NOW = '2026-01-01T00:00:00Z';

type State = 'OK' | 'Closed';

/** The keys both models share. */
function accountRow(collection: string, projectUuid: string, username: string, state: State) {
  const uuid = hex();
  return {
    url: `http://waldur.test/api/${collection}/${uuid}/`,
    uuid,
    created: NOW,
    modified: NOW,
    project: projectUuid,
    project_uuid: projectUuid,
    project_name: 'Project',
    customer_uuid: 'c'.repeat(32),
    customer_name: 'Customer',
    username,
    state,
    error_message: '',
  };
}

export function makeServiceAccount(projectUuid: string, username: string, state: State = 'OK') {
  return {
    ...accountRow('marketplace-project-service-accounts', projectUuid, username, state),
    token: null,
    expires_at: null,
    customer_abbreviation: 'C',
  };
}

export function makeCourseAccount(projectUuid: string, username: string, state: State = 'OK') {
  return {
    ...accountRow('marketplace-course-accounts', projectUuid, username, state),
    project_slug: 'project',
    project_start_date: null,
    project_end_date: null,
    user_uuid: hex(),
    error_traceback: '',
  };
}
