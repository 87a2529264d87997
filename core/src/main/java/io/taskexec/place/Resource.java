package io.taskexec.place;

/**
 * The four resources an agent offers, each also the {@link PlacementFilter} that checks it.
 * Amounts are in {@link Units} for cpu, memory and storage, and in devices for GPUs.
 */
enum Resource implements PlacementFilter {
  CPU("cpu", "", "cpu cores") {
    @Override
    long free(AgentLedger agent) {
      return agent.freeCpu();
    }

    @Override
    long offered(AgentLedger agent) {
      return agent.cpuOffered();
    }

    @Override
    long demanded(Demand demand) {
      return demand.cpu();
    }
  },
  MEMORY("memory", " GB", "GB memory") {
    @Override
    long free(AgentLedger agent) {
      return agent.freeMemory();
    }

    @Override
    long offered(AgentLedger agent) {
      return agent.memoryOffered();
    }

    @Override
    long demanded(Demand demand) {
      return demand.memory();
    }
  },
  STORAGE("storage", " GB", "GB storage") {
    @Override
    long free(AgentLedger agent) {
      return agent.freeStorage();
    }

    @Override
    long offered(AgentLedger agent) {
      return agent.storageOffered();
    }

    @Override
    long demanded(Demand demand) {
      return demand.storage();
    }
  },
  GPU("gpu", "", "GPUs") {
    @Override
    long free(AgentLedger agent) {
      return agent.freeGpus();
    }

    @Override
    long offered(AgentLedger agent) {
      return agent.gpusOffered();
    }

    @Override
    long demanded(Demand demand) {
      return demand.gpus();
    }

    @Override
    String amount(long value) {
      return Long.toString(value);
    }
  };

  private final String label;
  private final String unit;
  private final String noun;

  Resource(String label, String unit, String noun) {
    this.label = label;
    this.unit = unit;
    this.noun = noun;
  }

  abstract long free(AgentLedger agent);

  /** What the agent offers when empty (cpu with overcommit). */
  abstract long offered(AgentLedger agent);

  abstract long demanded(Demand demand);

  @Override
  public boolean fits(AgentLedger agent, Demand demand) {
    return demanded(demand) <= free(agent);
  }

  /** Whether the agent could hold the demand if it held nothing else. */
  boolean fitsEmpty(AgentLedger agent, Demand demand) {
    return demanded(demand) <= offered(agent);
  }

  /** The short name that prefixes a reason: "cpu", "memory", "storage", "gpu". */
  String label() {
    return label;
  }

  /** "8", "16 GB", "2". */
  String withUnit(long value) {
    return amount(value) + unit;
  }

  /** "8 cpu cores", "16 GB memory", "2 GPUs". */
  String describe(long value) {
    if (this == GPU && value == 1) return "1 GPU";
    return amount(value) + " " + noun;
  }

  String amount(long value) {
    return Units.format(value);
  }
}
