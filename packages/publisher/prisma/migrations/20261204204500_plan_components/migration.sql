-- CreateTable
CREATE TABLE "PlanComponent" (
    "id" TEXT NOT NULL,
    "planId" TEXT NOT NULL,
    "componentId" TEXT NOT NULL,
    "amount" INTEGER NOT NULL DEFAULT 0,
    "price" DECIMAL(22,10) NOT NULL DEFAULT 0,

    CONSTRAINT "PlanComponent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PlanComponent_componentId_idx" ON "PlanComponent"("componentId");

-- CreateIndex
CREATE UNIQUE INDEX "PlanComponent_planId_componentId_key" ON "PlanComponent"("planId", "componentId");

-- AddForeignKey
ALTER TABLE "PlanComponent" ADD CONSTRAINT "PlanComponent_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PlanComponent" ADD CONSTRAINT "PlanComponent_componentId_fkey" FOREIGN KEY ("componentId") REFERENCES "OfferingComponent"("id") ON DELETE CASCADE ON UPDATE CASCADE;
