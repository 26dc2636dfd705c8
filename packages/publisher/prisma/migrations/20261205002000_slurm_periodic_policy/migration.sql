-- CreateTable
CREATE TABLE "SlurmPeriodicUsagePolicy" (
    "id" TEXT NOT NULL,
    "offeringId" TEXT NOT NULL,
    "createdById" TEXT,
    "actions" TEXT NOT NULL DEFAULT '',
    "period" INTEGER NOT NULL DEFAULT 2,
    "limitType" TEXT NOT NULL DEFAULT 'GrpTRESMins',
    "tresBillingEnabled" BOOLEAN NOT NULL DEFAULT true,
    "tresBillingWeights" JSONB NOT NULL DEFAULT '{}',
    "carryoverFactor" INTEGER NOT NULL DEFAULT 50,
    "graceRatio" DOUBLE PRECISION NOT NULL DEFAULT 0.2,
    "carryoverEnabled" BOOLEAN NOT NULL DEFAULT true,
    "rawUsageReset" BOOLEAN NOT NULL DEFAULT true,
    "qosStrategy" TEXT NOT NULL DEFAULT 'threshold',
    "applyToAll" BOOLEAN NOT NULL DEFAULT true,
    "options" JSONB NOT NULL DEFAULT '{}',
    "componentLimits" JSONB NOT NULL DEFAULT '[]',
    "hasFired" BOOLEAN NOT NULL DEFAULT false,
    "firedDatetime" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "modified" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SlurmPeriodicUsagePolicy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SlurmPolicySyncedPeriod" (
    "policyId" TEXT NOT NULL,
    "resourceId" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "modified" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SlurmPolicySyncedPeriod_pkey" PRIMARY KEY ("policyId","resourceId")
);

-- CreateTable
CREATE TABLE "SlurmCommandResult" (
    "id" TEXT NOT NULL,
    "policyId" TEXT NOT NULL,
    "resourceId" TEXT NOT NULL,
    "success" BOOLEAN NOT NULL,
    "errorMessage" TEXT NOT NULL DEFAULT '',
    "mode" TEXT NOT NULL DEFAULT 'production',
    "commandsExecuted" JSONB NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SlurmCommandResult_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "SlurmPeriodicUsagePolicy_offeringId_key" ON "SlurmPeriodicUsagePolicy"("offeringId");

-- CreateIndex
CREATE INDEX "SlurmCommandResult_policyId_createdAt_idx" ON "SlurmCommandResult"("policyId", "createdAt");

-- AddForeignKey
ALTER TABLE "SlurmPeriodicUsagePolicy" ADD CONSTRAINT "SlurmPeriodicUsagePolicy_offeringId_fkey" FOREIGN KEY ("offeringId") REFERENCES "Offering"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SlurmPolicySyncedPeriod" ADD CONSTRAINT "SlurmPolicySyncedPeriod_policyId_fkey" FOREIGN KEY ("policyId") REFERENCES "SlurmPeriodicUsagePolicy"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SlurmCommandResult" ADD CONSTRAINT "SlurmCommandResult_policyId_fkey" FOREIGN KEY ("policyId") REFERENCES "SlurmPeriodicUsagePolicy"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SlurmCommandResult" ADD CONSTRAINT "SlurmCommandResult_resourceId_fkey" FOREIGN KEY ("resourceId") REFERENCES "Resource"("id") ON DELETE CASCADE ON UPDATE CASCADE;

