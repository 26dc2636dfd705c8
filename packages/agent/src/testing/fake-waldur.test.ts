import { describe, expect, it } from 'vitest';
import {
  FakeWaldur,
  FakeWaldurContractError,
  makeOfferingUser,
  makeOrder,
  makeResource,
  OFFERING_UUID,
} from './fake-waldur.js';

function populated(): { waldur: FakeWaldur; resourceUuid: string; orderUuid: string } {
  const waldur = new FakeWaldur();
  const resource = waldur.addResource(makeResource({ backend_id: 'hpc_alloc', limits: { cpu: 10 } }));
  const order = waldur.addOrder(makeOrder(resource));
  waldur.setTeam(resource.uuid, ['alice', null]);
  waldur.offeringUsers = [makeOfferingUser('d'.repeat(32), 'alice'), makeOfferingUser('e'.repeat(32), null)];
  return { waldur, resourceUuid: resource.uuid, orderUuid: order.uuid };
}

describe("FakeWaldur answers as Waldur's contract says", () => {
  it('answers every read with shapes the contract accepts (orders, resources, team, offering users)', async () => {
    const { waldur, resourceUuid, orderUuid } = populated();
    const answers = await Promise.all([
      waldur.getOrder(orderUuid),
      waldur.listOrders({ offering_uuid: OFFERING_UUID, state: ['pending-provider'] }),
      waldur.getResource(resourceUuid),
      waldur.listResources({ offering_uuid: OFFERING_UUID }),
      waldur.listResourcesPartial({ offering_uuid: OFFERING_UUID, state: ['OK'], field: ['uuid'] }),
      waldur.getResourceTeam(resourceUuid),
      waldur.listOfferingUsers({ offering_uuid: OFFERING_UUID }),
    ]);
    expect(answers.flat()).toHaveLength(9);
  });

  it('refuses to answer with a shape Waldur never sends', () => {
    const { waldur, resourceUuid } = populated();
    waldur.resources.set(resourceUuid, { ...makeResource({ uuid: resourceUuid }), limits: { cpu: 1.5 } });
    expect(() => waldur.getResource(resourceUuid)).toThrow(FakeWaldurContractError);
    waldur.teams.set(resourceUuid, [{ username: 'bare' }]);
    expect(() => waldur.getResourceTeam(resourceUuid)).toThrow(/missing required key \(ProjectUser\)/);
  });
});
